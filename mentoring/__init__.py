"""«Наставничество»: the target model of mentoring for a municipal education department and its schools."""

import os

# openpyxl parses workbooks with lxml whenever lxml is installed (python-docx brings it in), and only
# without it through defusedxml, which refuses entity bombs and external entities in uploaded files.
os.environ.setdefault("OPENPYXL_LXML", "False")
