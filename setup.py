"""Install mmi2i.

The OpenMMLab stack (torch, mmengine, mmcv with ops, mmdet) is installed
first, as the README and ``tools/ensure_env.sh`` describe: mmcv 2.1.0 must
be compiled against the exact torch in use, which pip cannot express.
"""
import os.path as osp

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))


def read_requirements(name):
    reqs = []
    with open(osp.join(HERE, 'requirements', name)) as f:
        for line in f:
            line = line.split('#')[0].strip()
            if line:
                reqs.append(line)
    return reqs


def get_version():
    scope = {}
    with open(osp.join(HERE, 'mmi2i', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='mmi2i',
    version=get_version(),
    description='OpenMMLab-style toolbox for instance-level unpaired '
    'image-to-image translation',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'docs')),
    python_requires='>=3.9',
    install_requires=read_requirements('runtime.txt'),
    extras_require=dict(
        tests=read_requirements('tests.txt'),
        optional=read_requirements('optional.txt'),
        mim=read_requirements('mminstall.txt')),
    license='Apache License 2.0',
    zip_safe=False)
