# error: expected log, .NAME.FIELD or a field of the previous result
# An expectation line after a reset has no previous result to read.
domain d1
reset
expect rc == 0
