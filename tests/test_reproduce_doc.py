"""docs/reproduce.md cannot drift from the code: its commands on the real
data parse (tools, options and configs exist), and its `# toy` blocks run
end to end on the shapes, as a user would type them (issue #28, item 4)."""
import argparse
import os
import os.path as osp
import re
import shlex

import pytest

from utils import REPO, load_tool

DOC = osp.join(REPO, 'docs', 'reproduce.md')


def _blocks():
    """(is_toy, [command argv...]) of each bash block of the page."""
    text = open(DOC).read()
    out = []
    for block in re.findall(r'```bash\n(.*?)```', text, re.S):
        lines = block.replace('\\\n', ' ').splitlines()
        toy = lines[0].startswith('# toy')
        cmds = [shlex.split(re.sub(r'\$\([^)]*\)', 'CKPT', line))
                for line in lines if line.strip() and
                not line.lstrip().startswith('#')]
        out.append((toy, cmds))
    return out


def test_the_page_has_real_and_toy_commands_for_each_table():
    blocks = _blocks()
    real = [c for toy, cmds in blocks if not toy for c in cmds]
    toy = [c for t, cmds in blocks if t for c in cmds]
    assert len(real) >= 30 and len(toy) >= 15
    text = open(DOC).read()
    for table in ('InstaGAN Tab. 1', 'MGD-GAN Tabs. 1-2', 'INIT Tabs. 3-4',
                  'INIT Tab. 5', 'CGL Tabs. 4, 5, 8', 'MGUIT Tab. 3',
                  'MGUIT Tabs. 1-2'):
        assert table in text, table


class _Parsed(BaseException):
    """Raised once a tool has parsed its arguments (not an Exception, so
    no tool's error handling swallows it)."""


def _parse_only(argv, monkeypatch):
    """Run a tool's main until its arguments are parsed."""
    original = argparse.ArgumentParser.parse_args

    def parse_then_stop(self, args=None, namespace=None):
        original(self, args, namespace)
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, 'parse_args',
                        parse_then_stop)
    load_tool(argv[1]).main(argv[2:])


def test_the_parse_check_catches_a_wrong_option(monkeypatch):
    with pytest.raises(SystemExit):
        _parse_only(['python', 'tools/test.py', 'configs/init/shapes.py',
                     'x.pth', '--no-such-option'], monkeypatch)
    with pytest.raises(_Parsed):
        _parse_only(['python', 'tools/test.py', 'configs/init/shapes.py',
                     'x.pth'], monkeypatch)


@pytest.mark.parametrize('argv', [
    c for toy, cmds in _blocks() if not toy for c in cmds
], ids=lambda c: ' '.join(c[1:3]))
def test_real_commands_parse(argv, monkeypatch):
    from mmengine.config import Config
    assert argv[0] == 'python', argv
    tool = osp.join(REPO, argv[1])
    assert osp.isfile(tool), argv[1]
    for arg in argv[2:]:
        if arg.startswith('configs/'):
            assert osp.isfile(osp.join(REPO, arg)), arg
            Config.fromfile(osp.join(REPO, arg))
    with pytest.raises(_Parsed):
        _parse_only(argv, monkeypatch)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_toy_commands_run(tmp_path, monkeypatch):
    """Every `# toy` block, in order, in a fresh folder holding the repo's
    configs and tools (so data/ and work_dirs/ are new); each command's
    tool runs in this process (its main with the command's arguments), as
    the other tool tests do, to spare the interpreter start-ups."""
    for name in ('configs', 'tools'):
        os.symlink(osp.join(REPO, name), tmp_path / name)
    monkeypatch.chdir(tmp_path)
    for toy, cmds in _blocks():
        if not toy:
            continue
        for argv in cmds:
            assert argv[0] == 'python'
            try:
                load_tool(argv[1]).main(argv[2:])
            except SystemExit as e:  # a tool's error line and status
                assert not e.code, argv
    assert (tmp_path / 'work_dirs/augmentation_grid').is_dir()
    assert (tmp_path / 'work_dirs/domain_adaptive_eval/results.json'
            ).is_file()
