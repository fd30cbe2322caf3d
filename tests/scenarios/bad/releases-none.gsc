# error: this list selects no release
releases !all
domain d1
