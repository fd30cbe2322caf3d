# error: 'actions' reads a step
expect actions contains "x"
