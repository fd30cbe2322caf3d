# error: .4\.14\.1. is already a release
group 4.14.1 4.15.0
releases 4.14.1
domain d1
