# CycleGAN+Seg (InstaGAN's baseline): the union of instance masks is a 4th
# input/output channel of the generators and a 4th discriminator input
# (CycleGANSeg gives the networks their channels).
_base_ = './cyclegan.py'
model = dict(type='CycleGANSeg')
