"""Print the version resource strings of Windows executables (run with the Wine Python).

    python version_resource.py proofreader.exe [...]   ->  proofreader.exe FileVersion=0.1.0 ...

Uses pefile, which PyInstaller installs on Windows. install_check.sh compares FileVersion
and ProductVersion of the installed executables with ``proofreader.__version__``.
"""

import sys

import pefile

for path in sys.argv[1:]:
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    strings = {}
    for info in getattr(pe, "FileInfo", None) or []:
        for entry in info:
            for table in getattr(entry, "StringTable", []):
                for key, value in table.entries.items():
                    strings[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
    fields = " ".join(f"{k}={strings.get(k, '?')}" for k in ("FileVersion", "ProductVersion", "OriginalFilename"))
    print(f"{path.rsplit(chr(92), 1)[-1]} {fields}")
