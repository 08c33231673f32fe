# MGD-GAN's ablation C (Table 2): without the mask consistency loss L_const.
_base_ = './sheep2giraffe.py'
model = dict(loss_overrides=dict(consistency=None))
