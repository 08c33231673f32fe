# CycleGAN: ResNet-9 generators (ngf 64), 70x70 PatchGAN (ndf 64), LSGAN,
# cycle lambda 10, identity 0.5 x lambda, history buffer 50.
model = dict(
    type='CycleGAN',
    generator=dict(
        type='ResnetGenerator',
        base_channels=64,
        num_blocks=9,
        norm_cfg='IN'),
    discriminator=dict(
        type='PatchDiscriminator',
        base_channels=64,
        num_conv=3,
        norm_cfg='IN'),
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
