# MUNIT on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized:
# quarter-width networks, 3 residual blocks, 2 discriminator scales; the
# public code's losses and optimizer. 4 random styles per test image (LPIPS
# diversity / CIS through tools/test.py).
_base_ = [
    '../_base_/models/munit.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
max_iters = 3000
model = dict(
    test_num_styles=4,
    networks=dict(
        content_encoder=dict(base_channels=16, num_res=3),
        style_encoder=dict(base_channels=16),
        decoder=dict(num_res=3, mlp_dim=64),
        discriminator=dict(base_channels=16, num_layers=3, num_scales=2)))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='StepLR', step_size=max_iters // 2, gamma=0.5, by_epoch=False)
]
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=1000),
    visualization=dict(interval=500))
