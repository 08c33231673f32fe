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


#: Pretrained files of the registered losses and metric networks.
PRETRAINED = {
    'VGGPerceptualLoss': 'vgg19-dcbb9e9d.pth',
    'InceptionFeatures': 'pt_inception-2015-12-05-6726825d.pth',
    'InceptionClassifier': 'inception_v3_google-0cc3c7bd.pth',
    'LPIPSDiversityMetric': 'alexnet-owt-7be5be79.pth',
}


def _needs(path):
    """(training files, testing files) a config reads besides its data."""
    from mmi2i.apis import read_config
    from mmi2i.registry import MODELS
    from mmi2i.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    cfg = read_config(path)
    losses = dict(MODELS.get(cfg.model.type).default_losses,
                  **(cfg.model.get('losses') or {}))
    losses.update(cfg.model.get('loss_overrides') or {})
    train = {PRETRAINED[v['type']] for v in losses.values()
             if v and v['type'] in PRETRAINED and v.get('pretrained', True)}
    test = set()
    evaluators = cfg.test_evaluator
    for ev in evaluators if isinstance(evaluators, list) else [evaluators]:
        kind = ev['type']
        if kind == 'DetectionMatchMetric':
            test.add(ev['det_checkpoint'])
        elif kind == 'ClassificationScoreMetric':
            test.add(ev['checkpoint'])
        elif kind == 'FIDMetric':
            net = (ev.get('feature_net') or {}).get('type',
                                                    'InceptionFeatures')
            test |= {PRETRAINED[net]} if net in PRETRAINED else set()
        elif kind == 'InceptionScoreMetric':
            test.add(ev.get('checkpoint') or
                     PRETRAINED['InceptionClassifier'])
        elif kind == 'LPIPSDiversityMetric' and ev.get('pretrained', True):
            test.add(PRETRAINED[kind])
    return train, test


def test_model_zoo_lists_the_files_each_config_needs():
    text = open(osp.join(REPO, 'docs', 'model_zoo.md')).read()
    rows = {}
    for line in text.splitlines():
        m = re.match(r'\| `(configs/\S+\.py)` \| (.*) \| (.*) \|$', line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    configs = sorted(
        osp.relpath(p, REPO)
        for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
        if '/detectors/' not in p and '/_base_/' not in p)
    for config in configs:
        train, test = _needs(osp.join(REPO, config))
        if not (train or test):
            assert config not in rows, f'{config} needs nothing'
            continue
        assert config in rows, f'{config} needs {train | test}'
        for files, cell in ((train, rows[config][0]),
                            (test, rows[config][1])):
            named = set(re.findall(r'`([^`]+)`', cell))
            assert files <= named, (config, files - named)
            if not files:
                assert cell.startswith('nothing'), config


def test_every_method_readme_states_its_training_time():
    """Issue #32 item 10: the time of one training iteration at the real
    size, beside what the paper says."""
    for readme in glob.glob(osp.join(REPO, 'configs', '*', 'README.md')):
        if '/detectors/' in readme:
            continue
        text = open(readme).read()
        assert '## Training time' in text, readme
        section = text.split('## Training time', 1)[1].split('\n## ', 1)[0]
        assert re.search(r'\*\*[\d.]+ s (in stage 1\*\*|on 2 CPU cores)',
                         section), readme
        assert 'docs/benchmarks.md' in section, readme


def test_method_readmes_follow_the_template():
    """A page or two each (as mmagic's): the paper, its training time,
    results with the commands that made them, the citation."""
    for readme in glob.glob(osp.join(REPO, 'configs', '*', 'README.md')):
        if '/detectors/' in readme:
            continue
        lines = open(readme).read().splitlines()
        assert lines[0].startswith('# ') and lines[2].startswith('> '), \
            readme
        heads = [ln for ln in lines if ln.startswith('## ')]
        assert any(h.startswith(('## Results', '## Toy results'))
                   for h in heads), readme
        assert heads[-1] == '## Citation', readme
        assert '```bibtex' in '\n'.join(lines), readme
        assert len(lines) <= 220, (readme, len(lines))
