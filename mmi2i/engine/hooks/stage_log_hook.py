"""Log lines that show the losses of the stage being trained."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmi2i.registry import HOOKS


@HOOKS.register_module()
class StageLogHook(Hook):
    """Forget the loss scalars of earlier stages when a stage begins.

    The log line shows every ``train/`` scalar of the MessageHub, and a
    scalar that is no longer updated keeps its last value: without this
    hook MGD-GAN's stage-2 and stage-3 lines still printed the stage-1
    mask losses. At the first iteration of each stage (and when training
    resumes inside a later stage) the ``train/loss*`` scalars are dropped;
    the stage's own are logged again from its first iteration. Methods
    with one stage are left alone. ``configs/_base_/default_runtime.py``
    registers it as ``default_hooks.stage_log``.
    """

    priority = 'NORMAL'

    def before_train(self, runner) -> None:
        if runner.iter and self._stages(runner) > 1:
            self._forget_losses(runner)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        model = self._model(runner)
        if runner.iter and self._stages(runner) > 1 and model.stage_at(
                runner.iter) != model.stage_at(runner.iter - 1):
            self._forget_losses(runner)

    @staticmethod
    def _model(runner):
        return runner.model.module if is_model_wrapper(
            runner.model) else runner.model

    def _stages(self, runner) -> int:
        return len(getattr(self._model(runner), 'stages', ()))

    @staticmethod
    def _forget_losses(runner) -> None:
        scalars = runner.message_hub.log_scalars
        for key in [k for k in scalars if k.startswith('train/loss')]:
            scalars.pop(key)
