# MGD-GAN's ablation E (Table 2): end to end, without the designed
# supervision: G_mask and G_img trained together (stage 'e2e'). The paper
# gives no epoch count for it; here the full model's 100 + 200 + 50.
_base_ = './sheep2giraffe.py'
model = dict(stages=[dict(name='e2e', epochs=350)])
