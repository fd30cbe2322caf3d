# Every error of the file is reported before anything runs.
releases 4.14.1 4.99.0
domian d0
domain d1 mfn=0x842400 direkt
expect $nothing.status == GNTST_okay
write d1 0x400cb000 "unterminated
