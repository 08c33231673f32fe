# The toy Mask R-CNN on a short schedule: 400 iterations (about 3.5 min on
# 2 CPU cores against about 10 for mask_rcnn_tiny_shapes.py), for a first
# evaluation or a quick check. Reference rows (docs/evaluation.md):
# ground-truth giraffes MMR 90.9, sheep 92.2; untranslated sources 0.
# The method READMEs' detection numbers use the 1500-iteration detector.
_base_ = './mask_rcnn_tiny_shapes.py'
max_iters = 400
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
         end=100),
    dict(type='MultiStepLR', by_epoch=False, milestones=[300, 370],
         gamma=0.1)
]
