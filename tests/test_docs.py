"""The README's layout names what the repository holds."""
import glob
import os
import os.path as osp
import re

from utils import REPO


def _layout():
    text = open(osp.join(REPO, 'README.md')).read()
    block = text.split('## Layout\n\n```\n', 1)[1].split('```', 1)[0]
    entries, current = {}, None
    for line in block.splitlines():
        m = re.match(r'(\S+)\s+(.*)', line)
        if m:
            current = m.group(1)
            entries[current] = m.group(2)
        elif current:
            entries[current] += ' ' + line.strip()
    return entries


def test_layout_lists_every_package_and_tool():
    entries = _layout()
    packages = [
        osp.relpath(osp.dirname(p), REPO) + '/'
        for p in glob.glob(osp.join(REPO, 'mmi2i', '*', '__init__.py')) +
        glob.glob(osp.join(REPO, 'mmi2i', 'models', '*', '__init__.py'))
    ]
    for pkg in packages:
        assert any(e.startswith(pkg) for e in entries), pkg
    for folder in sorted(glob.glob(osp.join(REPO, 'tools', '*', ''))):
        rel = osp.relpath(folder, REPO) + '/'
        assert rel in entries, rel
        for script in glob.glob(osp.join(folder, '*.py')):
            stem = osp.splitext(osp.basename(script))[0]
            assert re.search(rf'\b{stem}\b', entries[rel]), (rel, stem)
    for script in os.listdir(osp.join(REPO, 'tools')):
        if osp.isfile(osp.join(REPO, 'tools', script)):
            stem = script.split('.')[0]
            assert stem in entries['tools/'], script
