# CGL on the three background styles of the multi-domain shapes (grass,
# sand, snow; 64px, animals as instances), CPU-sized: quarter-width
# networks, 2 residual blocks, 4-layer global and 3-layer instance
# PatchGANs (4x4 classification heads on 64px images and 32px instances),
# pairs of images of two different random domains, batch 2; the paper's
# losses and optimizer.
# Data: python tools/dataset_converters/shapes.py --out data/shapes_multi \
#           --kind multi
_base_ = [
    '../_base_/models/cgl.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
max_iters = 1500
data_root = 'data/shapes_multi'
domains = ('grass', 'sand', 'snow')
model = dict(
    obj_size=32,
    networks=dict(
        content_encoder=dict(base_channels=16, num_res=2),
        style_encoder=dict(base_channels=16),
        decoder=dict(num_res=2, mlp_dim=64),
        discriminator=dict(image_size=64, base_channels=16, num_layers=4)),
    discriminator_o=dict(image_size=32, base_channels=16, num_layers=3),
    test_num_styles=4)
train_dataloader = dict(
    batch_size=2,
    dataset=dict(sampling='pair'))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='StepLR', step_size=max_iters // 2, gamma=0.5, by_epoch=False)
]
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=750),
    visualization=dict(interval=750))
