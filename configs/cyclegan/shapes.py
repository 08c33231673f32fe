# CycleGAN on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized.
_base_ = [
    '../_base_/models/cyclegan.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/linear_decay_200k.py', '../_base_/default_runtime.py'
]
max_iters = 3000
model = dict(
    generator=dict(base_channels=16, num_blocks=3),
    discriminator=dict(base_channels=16, num_conv=2))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=1000),
    visualization=dict(interval=500))
