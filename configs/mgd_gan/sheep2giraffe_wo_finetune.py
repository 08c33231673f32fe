# MGD-GAN's ablation D (Table 2): without the reversal fine-tuning stage.
_base_ = './sheep2giraffe.py'
model = dict(stages=[dict(name='mask', epochs=100),
                     dict(name='image', epochs=200)])
