# error: reset: unknown Arm predicate 'sometimes'
# A reset whose world cannot be created stops the release (a setup step).
releases 4.14.1 master
domain d0 expect rc == 0
reset arm-pred=sometimes
domain d1 expect rc == 0
