"""The think tank (决策信息直报): clippings from feeds and by hand, edited bulletins
through review to PDF and DOCX, their submissions and the feedback they brought."""
