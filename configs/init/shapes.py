# INIT on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized: the
# MUNIT toy networks, 32x32 object crops, at most 2 objects per image;
# 4 random styles per test image.
_base_ = [
    '../_base_/models/init.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
max_iters = 3000
model = dict(
    domains=('sheep', 'giraffe'),
    test_num_styles=4,
    obj_size=32,
    max_objects=2,
    networks=dict(
        content_encoder=dict(base_channels=16, num_res=3),
        style_encoder=dict(base_channels=16),
        decoder=dict(content_channels=64, num_res=3, mlp_dim=64),
        discriminator=dict(base_channels=16, num_layers=3, num_scales=2)))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='StepLR', step_size=max_iters // 2, gamma=0.5, by_epoch=False)
]
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=1000))
custom_hooks = [
    dict(type='SafeCheckpointHook'),
    dict(type='TranslationVisualizationHook', interval=500),
]
