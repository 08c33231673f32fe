# MGD-GAN's ablation B (Table 2): without the mask regression loss L_reg
# (its completeness and size-penalty terms).
_base_ = './sheep2giraffe.py'
model = dict(loss_overrides=dict(completeness=None, size_penalty=None))
