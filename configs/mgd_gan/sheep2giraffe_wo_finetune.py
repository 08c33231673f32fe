# MGD-GAN's ablation D (Table 2): without the reversal fine-tuning stage.
# test_evaluator: sheep2giraffe.py's (MMR/MODS/MVIS, preservation)
_base_ = './sheep2giraffe.py'
model = dict(stages=[dict(name='mask', epochs=100),
                     dict(name='image', epochs=200)])
paper_results = dict(
    source='MGD-GAN Table 2, row D',
    metrics={
        '_delete_': True,  # not the full model's row
        'det/giraffe2sheep/MMR': 46.7,
        'det/sheep2giraffe/MMR': 67.1,
        'det/giraffe2sheep/MODS': 45.48,
        'det/sheep2giraffe/MODS': 74.7,
        'det/giraffe2sheep/MVIS': 41.07,
        'det/sheep2giraffe/MVIS': 59.8,
    })
