# error: no XENVER_ command 'extraversion'
# xenver takes the XENVER_ commands gntsim models, by name.
domain d1
xenver d1 extraversion
