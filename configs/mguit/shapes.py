# MGUIT on the multi-domain shapes' grass <-> snow scenes (64px; sheep and
# giraffes on both, like cars and people under sun and night), CPU-sized:
# quarter-width networks, 2 discriminator scales, a small content
# discriminator (3x3 kernels for the 16x16 contents), memory of 4
# background + 2 sheep + 2 giraffe items with 32-channel values; the
# released code's losses, optimizers and d_iter 3, batch 2.
# Data: python tools/dataset_converters/shapes.py --out data/shapes_multi \
#           --kind multi
_base_ = [
    '../_base_/models/mguit.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/drit_epochs.py', '../_base_/default_runtime.py'
]
max_iters = 6000  # 2000 full updates (d_iter 3)
data_root = 'data/shapes_multi'
domains = ('grass', 'snow')
classes = ('sheep', 'giraffe')  # memory classes 1, 2 (0: background)
model = dict(  # content width 16 * 2**2 = 64, given to the rest
    memory=dict(items_per_class=(4, 2, 2), value_channels=32),
    networks=dict(
        content_encoder=dict(base_channels=16, num_res=2),
        style_encoder=dict(base_channels=16),
        discriminator=dict(base_channels=16, num_layers=3, num_scales=2)),
    shared_networks=dict(
        decoder_trunk=dict(num_res=2),
        content_discriminator=dict(
            channels=64,
            kernel_size=3,
            last_kernel=2)))
train_dataloader = dict(
    batch_size=2,
    )
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=60), checkpoint=dict(interval=3000),
    visualization=dict(interval=1500))
