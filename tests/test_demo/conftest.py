import pytest

from utils import load_tool, tiny_model_files

#: one method of each family the page serves
FAMILIES = {
    'cyclegan': 'configs/cyclegan/shapes.py',  # two domains, deterministic
    'instagan': 'configs/instagan/shapes.py',  # instances
    'munit': 'configs/munit/shapes.py',  # multimodal
    'stargan': 'configs/stargan/shapes.py',  # N domains
}


@pytest.fixture(scope='session')
def demo_models(shapes_root, shapes_multi_root, tmp_path_factory):
    """(config, checkpoint) of a tiny untrained model per family."""
    out = {}
    for name, config in FAMILIES.items():
        root = shapes_multi_root if name == 'stargan' else shapes_root
        out[name] = tiny_model_files(config, root,
                                     tmp_path_factory.mktemp(name))
    return out


@pytest.fixture(scope='session')
def gradio_app():
    try:
        import gradio  # noqa: F401
    except ImportError:
        pytest.fail('the demo needs gradio: pip install -r '
                    'requirements/demo.txt (the README installs it)')
    return load_tool('demo/gradio_app.py')
