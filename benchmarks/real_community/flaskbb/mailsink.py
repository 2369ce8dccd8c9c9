"""A tiny SMTP server that writes every message it receives to a file (one ``.eml`` each).

Runs under the FlaskBB venv's Python 3.6 (its ``smtpd`` module), on 127.0.0.1 only:

    python mailsink.py PORT MAIL_DIR
"""

import asyncore
import os
import smtpd
import sys
import time


class FileSink(smtpd.SMTPServer):
    def __init__(self, port, folder):
        smtpd.SMTPServer.__init__(self, ("127.0.0.1", port), None, decode_data=False)
        self.folder = folder
        self.n = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        self.n += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{self.n:04d}.eml"
        path = os.path.join(self.folder, name)
        with open(path + ".part", "wb") as fh:
            if isinstance(data, str):
                data = data.encode("utf-8")
            fh.write(data)
        os.replace(path + ".part", path)
        print(f"mail from {mailfrom} to {','.join(rcpttos)} -> {name}", flush=True)


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    FileSink(port, folder)
    print(f"mail sink on 127.0.0.1:{port} -> {folder}", flush=True)
    asyncore.loop()


if __name__ == "__main__":
    main()
