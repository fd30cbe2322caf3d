# error: world: unknown Arm predicate 'sometimes'
world arm-pred=sometimes
domain d0
