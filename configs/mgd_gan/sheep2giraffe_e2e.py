# MGD-GAN's ablation E (Table 2): end to end, without the designed
# supervision: G_mask and G_img trained together (stage 'e2e'). The paper
# gives no epoch count for it; here the full model's 100 + 200 + 50.
# test_evaluator: sheep2giraffe.py's (MMR/MODS/MVIS, preservation)
_base_ = './sheep2giraffe.py'
model = dict(stages=[dict(name='e2e', epochs=350)])
paper_results = dict(
    source='MGD-GAN Table 2, row E',
    metrics={
        '_delete_': True,  # not the full model's row
        'det/giraffe2sheep/MMR': 45.3,
        'det/sheep2giraffe/MMR': 18.1,
        'det/giraffe2sheep/MODS': 38.2,
        'det/sheep2giraffe/MODS': 23.8,
        'det/giraffe2sheep/MVIS': 38.9,
        'det/sheep2giraffe/MVIS': 18.6,
    })
