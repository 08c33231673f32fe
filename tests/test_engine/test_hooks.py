import numpy as np
import torch
from mmengine.logging import HistoryBuffer

from mmi2i.engine import from_plain, make_grid, to_plain


def test_history_buffers_round_trip_as_plain_types():
    buf = HistoryBuffer([1.5, 2.5], [1, 2], max_length=10)
    state = dict(log_scalars={'train/loss': buf},
                 runtime_info={'iter': np.int64(3), 'arr': np.ones(2)})
    plain = to_plain(state)
    assert not isinstance(plain['log_scalars']['train/loss'], HistoryBuffer)
    assert type(plain['runtime_info']['iter']) is int
    assert plain['runtime_info']['arr'] == [1.0, 1.0]
    back = from_plain(plain)['log_scalars']['train/loss']
    assert isinstance(back, HistoryBuffer)
    assert back.data[0].tolist() == [1.5, 2.5] and back.max_length == 10


def test_make_grid_layout():
    visuals = dict(img=torch.ones(3, 3, 4, 4), mask=-torch.ones(3, 1, 4, 4))
    grid = make_grid(visuals, max_samples=2)
    assert grid.shape == (2 * 6 + 2, 2 * 6 + 2, 3)
    assert (grid[2:6, 2:6] == 255).all() and (grid[2:6, 8:12] == 0).all()


def test_make_grid_groups_stack_vertically():
    from mmi2i.engine import describe_columns
    visuals = dict(a=dict(x=torch.ones(1, 3, 4, 4)),
                   b=dict(y=torch.ones(1, 3, 4, 4), z=torch.ones(1, 3, 4,
                                                                 4)))
    grid = make_grid(visuals, max_samples=4)
    assert grid.shape == (2 * 8, 2 * 6 + 2, 3)
    assert describe_columns(visuals) == 'a: x\nb: y | z'
