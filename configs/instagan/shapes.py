# InstaGAN on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized.
_base_ = [
    '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/linear_decay_200k.py', '../_base_/default_runtime.py',
    '../_base_/models/instagan.py'
]
max_iters = 1500
model = dict(
    generator=dict(base_channels=16, num_blocks=2),
    discriminator=dict(base_channels=16))
# every mask is kept: the model takes the ins_max largest after the crop
train_dataloader = dict(dataset=dict(max_instances=None))
# Appendix B: lr 2e-4 for G, 1e-4 for D
optim_wrapper = dict(discriminators=dict(optimizer=dict(lr=1e-4)))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=500),
    visualization=dict(interval=250),
    # the CPU forms, as in the real-size configs (sheep2giraffe.py)
    cpu_speed=dict(convs=True))
# spectral norm's power-iteration vectors are buffers: keep ranks in sync
model_wrapper_cfg = dict(broadcast_buffers=True)
