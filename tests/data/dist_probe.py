"""Hook for the multi-process test: every rank saves its parameters and
the images it trained on."""
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook

from mmi2i.registry import HOOKS


@HOOKS.register_module()
class DumpRankStateHook(Hook):

    def __init__(self):
        self.paths = []
        self.initial = None

    def before_train(self, runner):
        model = runner.model.module if hasattr(runner.model,
                                               'module') else runner.model
        self.initial = {
            k: v.detach().clone()
            for k, v in model.state_dict().items()
            if isinstance(v, torch.Tensor)
        }

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        for samples in data_batch['data_samples'].values():
            self.paths += [s.metainfo['img_path'] for s in samples]

    def after_train(self, runner):
        model = runner.model.module if hasattr(runner.model,
                                               'module') else runner.model
        wrapped = {
            n: type(m).__name__
            for n, m in model.named_children()
        }
        state = {
            k: v.detach().clone()
            for k, v in model.state_dict().items()
            if isinstance(v, torch.Tensor)
        }
        torch.save(
            dict(state=state, initial=self.initial, paths=self.paths,
                 wrapped=wrapped),
            osp.join(runner.work_dir, f'rank{get_rank()}.pth'))
