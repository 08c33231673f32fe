"""The CPU allocator tuning: freed memory is reused without page faults,
user settings win. Each case runs in a fresh process (the tuning is
process-wide)."""
import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith('linux'),
                                reason='glibc mallopt')

_PROBE = r'''
import json, resource, sys
import torch
from mmi2i.ops.cpu import tune_cpu_allocator
state = tune_cpu_allocator(sys.argv[1] == '1')

def touch_faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    x = torch.empty(16 * 2**20)  # 64 MiB
    x.fill_(1.0)
    del x
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

# the first rounds map new pages either way (the heap grows to fit an
# aligned block once more before freed blocks merge); then it is steady
faults = [touch_faults() for _ in range(4)]
print(json.dumps(dict(state=state, faults=faults[-1])))
'''


def _probe(enabled: bool, **env):
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith('MALLOC_') and k != 'GLIBC_TUNABLES'}
    full_env.update(env)
    out = subprocess.run([sys.executable, '-c', _PROBE, str(int(enabled))],
                         capture_output=True, text=True, check=True,
                         env=full_env).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_tuned_allocator_reuses_memory_without_page_faults():
    pages = 16 * 2**20 * 4 // 4096
    default = _probe(False)
    tuned = _probe(True)
    assert default['state'] == 'not tuned (disabled)'
    assert tuned['state'] == 'tuned'
    # glibc maps a 64 MiB block anew each time: every page faults again
    assert default['faults'] > pages // 2
    # tuned: the freed block is reused, its pages are already there
    assert tuned['faults'] < pages // 20


def test_user_allocator_settings_win():
    res = _probe(True, MALLOC_TRIM_THRESHOLD_='1000000')
    assert res['state'] == 'not tuned (MALLOC_TRIM_THRESHOLD_ is set)'
    res = _probe(True, LD_PRELOAD='/nonexistent/libjemalloc.so')
    assert res['state'] == 'not tuned (jemalloc is preloaded)'
