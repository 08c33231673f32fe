# MGD-GAN on the synthetic shapes (sheep <-> giraffe, 64px), sized to run
# all three stages on 2 CPU cores in minutes.
_base_ = [
    '../_base_/datasets/shapes_pair.py', '../_base_/default_runtime.py',
    '../_base_/models/mgd_gan.py'
]
domains = ('sheep', 'giraffe')
# the one place the schedule is stated: iterations per stage
stage_iters = dict(mask=600, image=900, finetune=300)
model = dict(
    stages=[dict(name=k, iters=v) for k, v in stage_iters.items()],
    mask_generator=dict(base_channels=16, num_blocks=2, label_channels=8),
    mask_discriminator=dict(base_channels=16),
    image_generator=dict(base_channels=16, num_up=3, spade_hidden=32),
    image_discriminator=dict(base_channels=16, num_layers=3),
    # no VGG-19 weights are needed for the toy run
    loss_overrides=dict(vgg=None))
# the paper's lr 0.002 is unstable for the tiny toy networks
_adam = dict(optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999)))
optim_wrapper = dict(
    mask_generator=_adam, mask_discriminator=_adam, image_generator=_adam,
    image_discriminator=_adam)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='LoadInpaintedBackground'),  # cached in data/shapes/backgrounds
    dict(type='Resize', scale=(72, 72)),
    dict(type='RandomCrop', crop_size=(64, 64)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(max_instances=None, pipeline=train_pipeline))
max_iters = sum(stage_iters.values())
# stage 3 at a tenth of the rate: G_mask learns against the frozen D_img,
# and at 2e-4 it drifts to masks the detector no longer recognizes
# (README, "Stage 3 and its learning rate")
param_scheduler = dict(
    # placed on stage 3's iterations by tools/train.py (also when stages
    # are given in epochs or run alone)
    mask_generator=[dict(type='ConstantLR', factor=0.1, stage='finetune')],
    mask_discriminator=[], image_generator=[], image_discriminator=[],
    _delete_=True)
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=max_iters, val_interval=max_iters)
default_hooks = dict(
    logger=dict(interval=50), checkpoint=dict(interval=300),
    visualization=dict(interval=300))
