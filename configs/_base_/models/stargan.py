# StarGAN (yunjey/stargan, the PyTorch code): generator conv7 64, two 4x4
# stride-2 convs, 6 residual blocks, two 4x4 transposed convs, conv7 + tanh,
# instance norm with affine parameters and no conv biases, zero padding,
# the target's one-hot label tiled as input channels; discriminator of six
# 4x4 stride-2 convs (LeakyReLU 0.01, 64 -> 2048) with a 3x3 real/fake head
# and a domain head covering the 2x2 map (128px images). WGAN-GP (10),
# domain classification (1), cycle reconstruction (10); 5 discriminator
# steps per generator step. PyTorch's default initialization, as the public
# code (init_type='pytorch'; the toy shapes.py keeps N(0, 0.02)).
model = dict(
    type='StarGAN',
    generator=dict(
        type='ResnetGenerator',
        base_channels=64,
        num_blocks=6,
        norm_cfg=dict(type='IN', affine=True),
        padding_mode='zeros',
        sample_kernel=4,
        init_type='pytorch'),
    discriminator=dict(
        type='ClassifierPatchDiscriminator',
        image_size=128,
        base_channels=64,
        num_layers=6,
        src_kernel=3,
        init_type='pytorch'),
    disc_steps=5,
    data_preprocessor=dict(type='TranslationDataPreprocessor'))
