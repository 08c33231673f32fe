# CycleGAN: ResNet-9 generators (ngf 64), 70x70 PatchGAN (ndf 64), LSGAN,
# cycle lambda 10, identity 0.5 x lambda, history buffer 50.
model = dict(
    type='CycleGAN',
    domains=('A', 'B'),
    generator=dict(
        type='ResnetGenerator',
        in_channels=3,
        out_channels=3,
        base_channels=64,
        num_blocks=9,
        norm_cfg='IN'),
    discriminator=dict(
        type='PatchDiscriminator',
        in_channels=3,
        base_channels=64,
        num_conv=3,
        norm_cfg='IN'),
    losses=dict(
        gan=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        cycle=dict(type='L1Loss', loss_weight=10.0),
        identity=dict(type='L1Loss', loss_weight=5.0)),
    disc_loss_scale=0.5,
    buffer_size=50,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
