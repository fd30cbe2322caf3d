# error: 'host=' needs a value
# 'as' is not a value: 'host= as m' used to say "'as' is not a number".
domain d1
map d1 d1 8 host= as m
