# CycleGAN+Seg (InstaGAN's baseline): the union of instance masks is a 4th
# input/output channel of the generators and a 4th discriminator input.
_base_ = './cyclegan.py'
model = dict(
    type='CycleGANSeg',
    generator=dict(in_channels=4, out_channels=4),
    discriminator=dict(in_channels=4))
