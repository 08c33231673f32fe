"""Pretrained files: found in torch's hub cache or downloaded there, hash
checked; the download path is exercised through file:// URLs."""
import hashlib
import os

import pytest
import torch.hub

from mmi2i.evaluation import weights
from mmi2i.evaluation.weights import PretrainedFile, find_weights


@pytest.fixture
def online(tmp_path, monkeypatch):
    """An empty hub cache under tmp_path, downloads on, and a source file
    ``src.bin`` registered as ``net-<sha256 prefix>.pth``."""
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'home'))
    monkeypatch.delenv('MMI2I_OFFLINE', raising=False)
    src = tmp_path / 'src.bin'
    src.write_bytes(os.urandom(300_000))
    prefix = hashlib.sha256(src.read_bytes()).hexdigest()[:8]
    name = f'net-{prefix}.pth'
    monkeypatch.setitem(weights.KNOWN_WEIGHTS, name, PretrainedFile(
        'a test network', f'file://{src}', prefix))
    return name, src, tmp_path / 'home' / 'hub' / 'checkpoints'


def test_missing_file_is_downloaded_into_the_cache(online):
    name, src, cache = online
    path = find_weights(name)
    assert path == str(cache / name)
    assert open(path, 'rb').read() == src.read_bytes()
    os.remove(src)  # found in the cache from now on
    assert find_weights(name) == path


def test_wrong_hash_is_rejected_and_not_cached(online, monkeypatch):
    name, src, cache = online
    monkeypatch.setitem(weights.KNOWN_WEIGHTS, 'bad-00000000.pth',
                        PretrainedFile('a test network', f'file://{src}',
                                       '00000000'))
    with pytest.raises(FileNotFoundError, match=r'bad-00000000.pth, the a '
                       r'test network; download file://.*src.bin into '
                       r'.*checkpoints .*download failed.*hash'):
        find_weights('bad-00000000.pth')
    assert os.listdir(cache) == []


def test_interrupted_download_leaves_nothing(online, monkeypatch):
    name, src, cache = online

    class Broken:
        """Half of the file, then the connection drops."""

        def __init__(self, req):
            self.f = open(src, 'rb')
            self.sent = 0

        def info(self):
            import email.message
            return email.message.Message()

        def read(self, n):
            if self.sent > 100_000:
                raise ConnectionResetError('connection reset')
            self.sent += n
            return self.f.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(torch.hub, 'urlopen', Broken)
    with pytest.raises(FileNotFoundError, match='connection reset'):
        find_weights(name)
    assert os.listdir(cache) == []


def test_offline_says_where_to_put_the_file(online, monkeypatch):
    name, src, cache = online
    monkeypatch.setenv('MMI2I_OFFLINE', '1')
    with pytest.raises(FileNotFoundError) as e:
        find_weights(name)
    msg = str(e.value)
    assert f'file://{src}' in msg and str(cache) in msg
    assert 'MMI2I_OFFLINE=1' in msg and '\n' not in msg
    assert not (cache / name).exists()


def test_every_known_file_has_an_official_url_and_its_hash():
    for name, f in weights.KNOWN_WEIGHTS.items():
        assert f.url.startswith('https://') and f.url.endswith('/' + name)
        assert name.rsplit('.', 1)[0].endswith(f.sha256_prefix), name
