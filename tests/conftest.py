import os
import os.path as osp
import sys

import pytest

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))

from utils import SIZE  # noqa: E402

# the suite never downloads (CI has no network): a missing pretrained file
# is an error at once; tests of the download path unset this themselves
os.environ.setdefault('MMI2I_OFFLINE', '1')


@pytest.fixture(scope='session')
def shapes_root(tmp_path_factory):
    """A small two-domain shapes dataset (32px), generated once."""
    from mmi2i.datasets.converters import generate_shapes
    root = str(tmp_path_factory.mktemp('shapes'))
    generate_shapes(root, 'pair', dict(train=24, test=4), size=SIZE, seed=0)
    return root


@pytest.fixture(scope='session')
def shapes_multi_root(tmp_path_factory):
    from mmi2i.datasets.converters import generate_shapes
    root = str(tmp_path_factory.mktemp('shapes_multi'))
    generate_shapes(root, 'multi', dict(train=6, test=3), size=SIZE,
                    seed=0)
    return root


@pytest.fixture(autouse=True, scope='session')
def _register():
    from mmi2i.utils import register_all_modules
    register_all_modules(init_default_scope=False)


@pytest.fixture(autouse=True)
def _fresh_logger(request):
    """Each test starts with its own current MMLogger: a Runner of an
    earlier test leaves its logger current with its log file closed, and
    mmengine's init_weights writes to that file directly."""
    from mmengine.logging import MMLogger
    MMLogger.get_instance(f'mmi2i-test-{request.node.nodeid}')


@pytest.fixture(autouse=True)
def _default_scope_restored():
    """A tool run in-process (e.g. tools/detection/train_detector.py, whose
    Runner makes mmdet the default scope) does not change the default
    scope of the tests after it."""
    import copy

    from mmengine.registry import DefaultScope
    saved = copy.copy(DefaultScope._instance_dict)
    yield
    DefaultScope._instance_dict = saved
