# StarGAN on the three background styles of the multi-domain shapes
# (grass, sand, snow; 64px), CPU-sized: quarter-width generator with 3
# residual blocks, a 4-layer discriminator (its domain head covers the 4x4
# map), batch 8 of single images from random domains; the public code's
# losses, optimizers and 5 D steps per G step.
# Data: python tools/dataset_converters/shapes.py --out data/shapes_multi \
#           --kind multi
_base_ = [
    '../_base_/models/stargan.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/stargan_200k.py', '../_base_/default_runtime.py'
]
max_iters = 3000
data_root = 'data/shapes_multi'
domains = ('grass', 'sand', 'snow')
# N(0, 0.02) init (the README's toy results were made with it; the paper
# configs start from PyTorch's default init, as the public code)
model = dict(
    generator=dict(base_channels=16, num_blocks=3, init_type='normal'),
    discriminator=dict(image_size=64, base_channels=16, num_layers=4,
                       init_type='normal'))
train_dataloader = dict(
    batch_size=8,
    dataset=dict(sampling='one_domain'))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
# the paper's linear decay over the second half (the README's toy results);
# the paper configs keep the public code's constant rate
param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)]
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=1500),
    visualization=dict(interval=1500))
