# InstaGAN (ICLR 2019): set-aware ResNet generators (ngf 64, 9 blocks per
# encoder), set-aware PatchGAN discriminators (ndf 64, spectral norm), LSGAN,
# cycle/identity/context lambda = 10, buffer 50, D loss x 0.5, sequential
# mini-batches of 2 instances out of at most 4 (20 at test time).
model = dict(
    type='InstaGAN',
    generator=dict(
        type='InstaGANGenerator', base_channels=64, num_blocks=9,
        norm_cfg='IN'),
    discriminator=dict(
        type='SetPatchDiscriminator', base_channels=64, norm_cfg='IN',
        with_spectral_norm=True),
    ins_max=4,
    ins_per=2,
    test_ins_max=20,
    sequential=True,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
