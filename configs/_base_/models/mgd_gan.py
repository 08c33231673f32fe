# MGD-GAN (IJCAI 2021): G_mask (MiniIncep blocks, K = 3 mask levels),
# label-conditioned multi-scale mask D (hinge), APADE image generator with
# a background encoder, SPADE multi-scale D with feature matching, VGG-19
# loss; loss weights as in the paper (MGDGAN.default_losses). Adam
# (0.5, 0.999) at the paper's lr 0.002 for every network. The paper's
# stages: masks 100 epochs, images 200, fine-tuning 50. An epoch is
# max(|A|, |B|) / batch iterations of the config's train data, counted by
# tools/train.py (iters_per_epoch='auto'; an int overrides it).
model = dict(
    type='MGDGAN',
    mask_generator=dict(
        type='MaskMorphGenerator', base_channels=32, num_down=2,
        num_blocks=4, label_channels=16),
    mask_discriminator=dict(
        type='MultiScaleMaskDiscriminator', base_channels=32, num_layers=3),
    image_generator=dict(type='APADEGenerator', base_channels=64, num_up=3),
    image_discriminator=dict(
        type='MultiScaleDiscriminator', base_channels=64, num_layers=4,
        num_scales=2),
    inpainter=dict(type='OpenCVInpainter'),
    stages=[
        dict(name='mask', epochs=100),
        dict(name='image', epochs=200),
        dict(name='finetune', epochs=50)
    ],
    iters_per_epoch='auto',
    data_preprocessor=dict(type='TranslationDataPreprocessor'))

_adam = dict(optimizer=dict(type='Adam', lr=0.002, betas=(0.5, 0.999)))
optim_wrapper = dict(
    constructor='TranslationOptimWrapperConstructor',
    mask_generator=_adam,
    mask_discriminator=_adam,
    image_generator=_adam,
    image_discriminator=_adam)
param_scheduler = []
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
