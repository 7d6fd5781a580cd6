#!/usr/bin/env python3
"""The matrix's results page in a real browser (Debian's chromium, headless): the DOM after
load must hold a grid with CELLS cells, every relative link and image must resolve to a file
of the results folder (fragment links to an element of the page), the page's own check must
find no broken image; then a screenshot. One line per check; exit 1 if any fails.
  matrix-page.py INDEX_HTML CELLS SCREENSHOT_PNG"""
import html.parser
import os
import subprocess
import sys
import tempfile
import urllib.parse


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images, self.cells, self.body = set(), [], [], [], {}
        self.in_grid = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            self.ids.add(a['id'])
        if tag == 'body':
            self.body = a
        if tag == 'table' and a.get('id') == 'grid':
            self.in_grid = 1
        elif tag == 'table' and self.in_grid:
            self.in_grid += 1
        if tag == 'td' and self.in_grid and 'cell' in a.get('class', '').split():
            self.cells.append(a)
        if tag == 'a' and 'href' in a:
            self.links.append(a['href'])
        if tag == 'img' and 'src' in a:
            self.images.append(a['src'])

    def handle_endtag(self, tag):
        if tag == 'table' and self.in_grid:
            self.in_grid -= 1


def chromium(args, profile):
    cmd = ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
           '--user-data-dir=' + profile, '--virtual-time-budget=10000'] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: matrix-page.py INDEX_HTML CELLS SCREENSHOT_PNG')
    page, cells, shot = os.path.abspath(sys.argv[1]), int(sys.argv[2]), os.path.abspath(sys.argv[3])
    if not os.path.isfile(page):
        sys.exit('matrix-page: no such page: ' + page)
    root = os.path.dirname(page)
    url = 'file://' + urllib.parse.quote(page)
    fails = []

    def check(ok, what):
        print('matrix-page: %s: %s' % ('ok' if ok else 'FAILED', what))
        if not ok:
            fails.append(what)

    with tempfile.TemporaryDirectory() as profile:
        r = chromium(['--dump-dom', url], profile)
        check(r.returncode == 0 and '<body' in r.stdout, 'chromium --dump-dom rendered the page (exit %d)' % r.returncode)
        dom = Dom()
        dom.feed(r.stdout)
        check(dom.body.get('data-rendered') == 'yes', "the page's load handler ran (data-rendered=yes)")
        check(len(dom.cells) == cells, 'grid has %d cells (expected %d)' % (len(dom.cells), cells))
        check(dom.body.get('data-cells') == str(cells), 'page says %s cells' % dom.body.get('data-cells'))
        broken = dom.body.get('data-images-broken')
        check(broken == '0', 'images the browser could not load: %s of %s' % (broken, dom.body.get('data-images')))
        bad, files = [], 0
        for link in dom.links + dom.images:
            u = urllib.parse.urlsplit(link)
            if u.scheme or u.netloc:
                bad.append(link + ' (not relative)')
                continue
            if u.path:
                files += 1
                if not os.path.isfile(os.path.join(root, urllib.parse.unquote(u.path))):
                    bad.append(link)
            elif u.fragment and u.fragment not in dom.ids:
                bad.append(link + ' (no such element)')
        check(not bad and files > 0, '%d links and images to files, %d fragment links, broken: %s'
              % (files, len(dom.links) + len(dom.images) - files, bad[:5] or 'none'))
        cell_links = [c for c in dom.cells if c.get('data-cell')]
        check(len(cell_links) == cells, 'every grid cell names its cell (%d)' % len(cell_links))
        os.makedirs(os.path.dirname(shot), exist_ok=True)
        if os.path.exists(shot):
            os.unlink(shot)
        r = chromium(['--hide-scrollbars', '--window-size=1280,1600', '--screenshot=' + shot, url], profile)
        size = os.path.getsize(shot) if os.path.exists(shot) else 0
        check(r.returncode == 0 and size > 10000, 'screenshot %s (%d bytes)' % (shot, size))
    sys.exit(1 if fails else 0)


main()
