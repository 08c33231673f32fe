# DRIT++ on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized:
# quarter-width networks, 2 discriminator scales, a small content
# discriminator (3x3 kernels: the 16x16 content codes are too small for
# the official 7x7 ones); the public code's losses, optimizers, batch 2 and
# d_iter 3. Iteration based; 4 random styles per test image.
_base_ = [
    '../_base_/models/drit.py', '../_base_/datasets/shapes_pair.py',
    '../_base_/schedules/drit_epochs.py', '../_base_/default_runtime.py'
]
max_iters = 9000  # 3000 full updates (d_iter 3), as many as MUNIT's
model = dict(  # content width 16 * 2**2 = 64, given to the rest
    test_num_styles=4,
    networks=dict(
        content_encoder=dict(base_channels=16, num_res=2),
        style_encoder=dict(base_channels=16),
        decoder=dict(num_res=2),
        discriminator=dict(base_channels=16, num_layers=3, num_scales=2),
        discriminator2=dict(base_channels=16, num_layers=3, num_scales=2)),
    shared_networks=dict(
        content_discriminator=dict(
            channels=64,
            kernel_size=3,
            last_kernel=2)))
train_dataloader = dict(batch_size=2)
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=60), checkpoint=dict(interval=3000),
    visualization=dict(interval=1500))
