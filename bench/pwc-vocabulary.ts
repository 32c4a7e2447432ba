/**
 * Vocabulary for the synthetic Papers with Code corpus (`generate-pwc.ts`): research areas with
 * their phrase banks, sentence and title templates, author-name parts, task names and code hosts.
 *
 * Pure data. The areas mirror the themes of /work/shared/design/TOPICS.md, written from those
 * descriptions and NOT derived from `seed/taxonomy.json`: the corpus exists to exercise the topic
 * tagger, so building it from the tagger's own rules would only test the rules against themselves.
 * A second group of areas is deliberately outside the taxonomy (NLP, speech, RL, …) so that a
 * share of papers should get no theme at all, and a few "trap" sentences use words the taxonomy
 * warns about ("Gaussian" noise, convolution "kernels", "adaptation" of a step size).
 *
 * Template syntax (compiled once by the generator): `{slot}` is filled per paper, `[a|b|c]` picks
 * one alternative. Phrases are written in their natural case; the generator capitalises sentence
 * starts and title-cases titles.
 */

export interface Area {
  /** The TOPICS.md slug for themes, or a short key for areas outside the taxonomy. */
  key: string;
  /** Whether TOPICS.md has this theme, i.e. whether its papers should be tagged with it. */
  theme: boolean;
  /** Relative share of papers whose main area this is. */
  weight: number;
  /** The wider field, for "a long-standing problem in {field}". */
  field: string;
  /** Noun phrases the papers are about (natural case, no leading article). */
  subjects: readonly string[];
  /** Predicates completing "existing methods …" (plural present tense). */
  challenges: readonly string[];
  /** What the contribution is called: "a simple {kind}". Consonant-initial, singular. */
  kinds: readonly string[];
  datasets: readonly string[];
  metrics: readonly string[];
  /** Real-looking PwC task names that papers of this area tend to carry. */
  tasks: readonly string[];
  /** Fragments for coined method names ("LoRA" → "FlexLoRA", "LQ-LoRA"). */
  nameParts: readonly string[];
}

const GENERIC_KINDS = ['framework', 'method', 'approach', 'model', 'technique'] as const;

export const AREAS: readonly Area[] = [
  // ---- Themes of TOPICS.md ------------------------------------------------------------------
  {
    key: 'learning-theory',
    theme: true,
    weight: 4,
    field: 'statistical learning theory',
    subjects: ['generalization bounds', 'sample complexity', 'infinite-width limits', 'benign overfitting', 'implicit regularization', 'double descent', 'uniform convergence', 'PAC-Bayesian bounds', 'Rademacher complexity', 'minimax rates'],
    challenges: ['rely on bounds that are vacuous for overparameterized networks', 'do not explain why large models generalize', 'assume a hypothesis class fixed before the data are seen', 'lack non-asymptotic guarantees'],
    kinds: ['theoretical framework', 'generalization bound', 'technique'],
    datasets: ['synthetic teacher-student tasks', 'CIFAR-10', 'MNIST'],
    metrics: ['test error', 'excess risk'],
    tasks: ['Learning Theory', 'Generalization Bounds'],
    nameParts: ['PAC', 'Rade', 'Bound', 'Gen'],
  },
  {
    key: 'kernel-methods',
    theme: true,
    weight: 2,
    field: 'nonparametric statistics',
    subjects: ['kernel ridge regression', 'random Fourier features', 'reproducing kernel Hilbert spaces', 'neural tangent kernels', 'kernel density estimation', 'Nyström approximations', 'multiple kernel learning', 'kernel mean embeddings', 'support vector machines'],
    challenges: ['scale cubically with the number of training samples', 'require storing the full Gram matrix', 'depend on a hand-crafted choice of kernel'],
    kinds: ['kernel method', 'kernel-based estimator', ...GENERIC_KINDS],
    datasets: ['UCI regression benchmarks', 'MNIST', 'CIFAR-10'],
    metrics: ['RMSE', 'test error'],
    tasks: ['Density Estimation', 'Regression'],
    nameParts: ['Kernel', 'RKHS', 'Nys', 'RF'],
  },
  {
    key: 'gaussian-processes',
    theme: true,
    weight: 2,
    field: 'probabilistic machine learning',
    subjects: ['Gaussian process regression', 'sparse variational Gaussian processes', 'deep Gaussian processes', 'neural network Gaussian processes', 'Gaussian process surrogates', 'inducing-point approximations'],
    challenges: ['scale cubically with the number of observations', 'struggle with non-stationary signals', 'produce poorly calibrated uncertainty under misspecification'],
    kinds: ['Gaussian process model', 'probabilistic model', ...GENERIC_KINDS],
    datasets: ['UCI regression benchmarks', 'the Mauna Loa CO2 record', 'the M4 forecasting benchmark'],
    metrics: ['negative log predictive density', 'RMSE'],
    tasks: ['Gaussian Processes', 'Time Series Forecasting', 'Uncertainty Quantification'],
    nameParts: ['GP', 'SVGP', 'DeepGP'],
  },
  {
    key: 'bayesian-methods',
    theme: true,
    weight: 3,
    field: 'probabilistic machine learning',
    subjects: ['Bayesian neural networks', 'Bayesian optimization', 'variational inference', 'posterior sampling', 'sparse Bayesian learning', 'Bayesian model averaging', 'Markov chain Monte Carlo', 'Laplace approximations'],
    challenges: ['underestimate posterior uncertainty', 'are too expensive to run on modern architectures', 'depend heavily on the choice of prior'],
    kinds: ['Bayesian framework', 'probabilistic model', 'sampler', ...GENERIC_KINDS],
    datasets: ['UCI regression benchmarks', 'CIFAR-10', 'the HPO-B benchmark'],
    metrics: ['expected calibration error', 'log-likelihood'],
    tasks: ['Bayesian Optimization', 'Bayesian Inference', 'Uncertainty Quantification', 'Variational Inference'],
    nameParts: ['Bayes', 'Post', 'VI', 'MC'],
  },
  {
    key: 'optimization',
    theme: true,
    weight: 5,
    field: 'deep learning',
    subjects: ['stochastic gradient descent', 'adaptive gradient methods', 'learning-rate schedules', 'large-batch training', 'second-order optimizers', 'constrained optimization', 'momentum methods', 'augmented Lagrangian methods', 'gradient clipping'],
    challenges: ['require extensive hyperparameter tuning', 'converge slowly on ill-conditioned problems', 'become unstable at large batch sizes'],
    kinds: ['optimizer', 'training algorithm', 'schedule', ...GENERIC_KINDS],
    datasets: ['ImageNet', 'CIFAR-100', 'LIBSVM datasets'],
    metrics: ['wall-clock time to target accuracy', 'final training loss'],
    tasks: ['Stochastic Optimization', 'Hyperparameter Optimization'],
    nameParts: ['Ada', 'Grad', 'SGD', 'Prox', 'Step'],
  },
  {
    key: 'parameter-efficient-fine-tuning',
    theme: true,
    weight: 3,
    field: 'transfer learning',
    subjects: ['low-rank adaptation', 'LoRA adapters', 'parameter-efficient fine-tuning', 'adapter layers', 'prompt tuning', 'prefix tuning', 'low-rank weight updates'],
    challenges: ['still update millions of parameters per task', 'underperform full fine-tuning on reasoning tasks', 'are sensitive to the choice of rank'],
    kinds: ['fine-tuning method', 'parameter-efficient method', ...GENERIC_KINDS],
    datasets: ['GLUE', 'the commonsense reasoning suite', 'VTAB-1k'],
    metrics: ['average accuracy'],
    tasks: ['parameter-efficient fine-tuning', 'Transfer Learning'],
    nameParts: ['LoRA', 'Adapt', 'PEFT', 'Rank'],
  },
  {
    key: 'model-compression',
    theme: true,
    weight: 4,
    field: 'efficient deep learning',
    subjects: ['post-training quantization', 'structured pruning', 'low-rank compression', 'knowledge distillation', 'weight sparsity', 'mixed-precision quantization', '4-bit quantization'],
    challenges: ['cause severe accuracy drops at low bit-widths', 'require costly retraining', 'yield irregular sparsity that hardware cannot exploit'],
    kinds: ['compression method', 'quantization scheme', 'pruning method', ...GENERIC_KINDS],
    datasets: ['ImageNet', 'WikiText-2', 'COCO'],
    metrics: ['top-1 accuracy', 'perplexity'],
    tasks: ['Quantization', 'Network Pruning', 'Model Compression', 'Knowledge Distillation'],
    nameParts: ['Quant', 'Prune', 'Sparse', 'Bit', 'Q'],
  },
  {
    key: 'large-language-models',
    theme: true,
    weight: 10,
    field: 'natural language processing',
    subjects: ['large language models', 'instruction tuning', 'long-context language models', 'chain-of-thought prompting', 'in-context learning', 'reinforcement learning from human feedback', 'decoder-only transformers', 'KV cache compression', 'mixture-of-experts language models'],
    challenges: ['hallucinate facts that are not supported by the context', 'degrade sharply beyond their training context length', 'are expensive to serve at scale'],
    kinds: ['language model', 'training recipe', 'prompting strategy', ...GENERIC_KINDS],
    datasets: ['MMLU', 'GSM8K', 'HumanEval', 'LongBench'],
    metrics: ['accuracy', 'pass@1'],
    tasks: ['Language Modelling', 'Question Answering', 'Code Generation', 'Mathematical Reasoning', 'Text Generation'],
    nameParts: ['LLM', 'GPT', 'Llama', 'Chat', 'Instruct'],
  },
  {
    key: 'continual-learning',
    theme: true,
    weight: 3,
    field: 'machine learning',
    subjects: ['continual learning', 'class-incremental learning', 'catastrophic forgetting', 'experience replay', 'few-shot class-incremental learning', 'rehearsal-free continual learning'],
    challenges: ['forget earlier tasks when trained on new ones', 'rely on large replay buffers', 'assume task identities are known at test time'],
    kinds: ['continual learner', ...GENERIC_KINDS],
    datasets: ['Split CIFAR-100', 'ImageNet-R', 'CORe50'],
    metrics: ['average incremental accuracy'],
    tasks: ['Continual Learning', 'Class Incremental Learning', 'Few-Shot Class-Incremental Learning'],
    nameParts: ['CL', 'Replay', 'Inc', 'Lifelong'],
  },
  {
    key: 'state-space-models',
    theme: true,
    weight: 2,
    field: 'sequence modelling',
    subjects: ['state space models', 'selective state space models', 'Mamba', 'structured state space sequence models', 'linear recurrent units', 'S4 layers'],
    challenges: ['struggle to recall information far back in the sequence', 'are hard to parallelize on modern accelerators'],
    kinds: ['sequence model', 'architecture', ...GENERIC_KINDS],
    datasets: ['Long Range Arena', 'the Pile', 'Speech Commands'],
    metrics: ['accuracy', 'perplexity'],
    tasks: ['Sequential Modeling', 'Long-range modeling'],
    nameParts: ['Mamba', 'SSM', 'S4', 'Scan'],
  },
  {
    key: 'convolutional-networks',
    theme: true,
    weight: 4,
    field: 'computer vision',
    subjects: ['convolutional neural networks', 'depthwise convolutions', 'large-kernel convolutions', 'dynamic convolution', 'ConvNets', 'dilated convolutions', 'separable convolutions'],
    challenges: ['have a limited effective receptive field', 'are outperformed by vision transformers at scale'],
    kinds: ['convolutional architecture', 'backbone', 'operator', ...GENERIC_KINDS],
    datasets: ['ImageNet-1K', 'ADE20K', 'COCO'],
    metrics: ['top-1 accuracy'],
    tasks: ['Image Classification', 'Semantic Segmentation'],
    nameParts: ['Conv', 'Net', 'NeXt', 'LK', 'Res'],
  },
  {
    key: 'computer-vision',
    theme: true,
    weight: 9,
    field: 'computer vision',
    subjects: ['vision transformers', 'semantic segmentation', 'image restoration', 'video understanding', 'monocular depth estimation', 'image super-resolution', 'visual recognition', 'dense prediction', 'optical flow estimation'],
    challenges: ['fail to generalize to unseen scenes', 'require dense pixel-level annotations', 'are too slow for real-time applications'],
    kinds: ['vision backbone', 'network', ...GENERIC_KINDS],
    datasets: ['ImageNet', 'ADE20K', 'Cityscapes', 'Kinetics-400', 'COCO'],
    metrics: ['mIoU', 'PSNR', 'top-1 accuracy'],
    tasks: ['Semantic Segmentation', 'Image Classification', 'Depth Estimation', 'Image Super-Resolution', 'Action Recognition', 'Image Denoising'],
    nameParts: ['Vi', 'Seg', 'Vision', 'Pix', 'Former'],
  },
  {
    key: 'object-detection',
    theme: true,
    weight: 4,
    field: 'computer vision',
    subjects: ['object detection', 'rotated object detection', 'oriented bounding boxes', 'open-vocabulary detection', 'detection transformers', 'small object detection', 'anchor-free detectors'],
    challenges: ['miss small and densely packed objects', 'depend on hand-designed anchors and non-maximum suppression'],
    kinds: ['detector', 'detection framework', ...GENERIC_KINDS],
    datasets: ['COCO', 'DOTA', 'PASCAL VOC', 'LVIS'],
    metrics: ['mAP', 'AP50'],
    tasks: ['Object Detection', 'Oriented Object Detection', 'Instance Segmentation'],
    nameParts: ['Det', 'YOLO', 'DETR', 'Box', 'RCNN'],
  },
  {
    key: 'neural-fields',
    theme: true,
    weight: 3,
    field: '3D computer vision',
    subjects: ['neural radiance fields', 'signed distance fields', 'implicit neural representations', '3D Gaussian splatting', 'coordinate-based networks', 'novel view synthesis'],
    challenges: ['need hours of per-scene optimization', 'produce blurry renderings from sparse input views'],
    kinds: ['scene representation', 'neural field', 'renderer', ...GENERIC_KINDS],
    datasets: ['the NeRF synthetic dataset', 'Mip-NeRF 360', 'DTU'],
    metrics: ['PSNR', 'SSIM'],
    tasks: ['Novel View Synthesis', '3D Reconstruction', 'Neural Rendering'],
    nameParts: ['NeRF', 'Field', 'SDF', 'Splat', 'Ray'],
  },
  {
    key: 'representation-learning',
    theme: true,
    weight: 5,
    field: 'machine learning',
    subjects: ['contrastive learning', 'self-supervised representation learning', 'Matryoshka representations', 'learned embeddings', 'masked autoencoders', 'representation learning'],
    challenges: ['collapse to trivial solutions without negative pairs', 'produce embeddings of a single fixed size'],
    kinds: ['pretraining objective', 'representation learner', ...GENERIC_KINDS],
    datasets: ['ImageNet', 'STL-10', 'the MTEB benchmark'],
    metrics: ['linear-probe accuracy'],
    tasks: ['Representation Learning', 'Self-Supervised Learning', 'Contrastive Learning'],
    nameParts: ['CLR', 'Emb', 'Rep', 'MAE', 'Siam'],
  },
  {
    key: 'information-retrieval',
    theme: true,
    weight: 3,
    field: 'information retrieval',
    subjects: ['dense retrieval', 'approximate nearest neighbour search', 'semantic search', 'learned sparse retrieval', 'vector databases', 'neural re-ranking'],
    challenges: ['trade recall for latency', 'require expensive index rebuilds when the corpus changes'],
    kinds: ['retriever', 'search index', ...GENERIC_KINDS],
    datasets: ['MS MARCO', 'BEIR', 'Natural Questions'],
    metrics: ['recall@100', 'nDCG@10', 'MRR@10'],
    tasks: ['Information Retrieval', 'Passage Retrieval', 'Retrieval'],
    nameParts: ['Ret', 'ANN', 'Index', 'Search', 'Col'],
  },
  {
    key: 'recommender-systems',
    theme: true,
    weight: 3,
    field: 'recommendation',
    subjects: ['collaborative filtering', 'sequential recommendation', 'click-through rate prediction', 'implicit feedback', 'debiased recommendation', 'matrix factorization'],
    challenges: ['amplify popularity bias in the logged feedback', 'suffer from cold-start users and items'],
    kinds: ['recommender', 'ranking model', ...GENERIC_KINDS],
    datasets: ['MovieLens-1M', 'Amazon-Book', 'Yelp2018'],
    metrics: ['Recall@20', 'NDCG@20'],
    tasks: ['Recommendation Systems', 'Collaborative Filtering', 'Click-Through Rate Prediction', 'Sequential Recommendation'],
    nameParts: ['Rec', 'CF', 'Rank', 'MF'],
  },
  {
    key: 'differential-privacy',
    theme: true,
    weight: 2,
    field: 'privacy-preserving machine learning',
    subjects: ['differential privacy', 'differentially private SGD', 'private data release', 'privacy amplification', 'differentially private federated learning', 'private query answering'],
    challenges: ['lose substantial utility under tight privacy budgets', 'leak information about individual training examples'],
    kinds: ['private mechanism', 'training algorithm', ...GENERIC_KINDS],
    datasets: ['CIFAR-10', 'the Adult census dataset', 'Stack Overflow'],
    metrics: ['accuracy'],
    tasks: ['Privacy Preserving Deep Learning', 'Federated Learning'],
    nameParts: ['DP', 'Priv', 'Private'],
  },
  {
    key: 'scientific-machine-learning',
    theme: true,
    weight: 3,
    field: 'scientific computing',
    subjects: ['physics-informed neural networks', 'neural operators', 'PDE solvers', 'learned simulators', 'Fourier neural operators', 'surrogate models for fluid dynamics'],
    challenges: ['fail to respect conservation laws', 'become unstable for stiff or chaotic dynamics', 'require expensive high-fidelity simulations for training'],
    kinds: ['neural solver', 'surrogate model', ...GENERIC_KINDS],
    datasets: ['PDEBench', 'the Navier-Stokes benchmark', 'ERA5'],
    metrics: ['relative L2 error'],
    tasks: ['Physics-informed machine learning', 'Weather Forecasting'],
    nameParts: ['PINN', 'PDE', 'FNO', 'Sim', 'Phys'],
  },
  {
    key: 'systems',
    theme: true,
    weight: 3,
    field: 'machine learning systems',
    subjects: ['IO-aware attention kernels', 'fused GPU kernels', 'sparse matrix multiplication', 'the GPU memory hierarchy', 'distributed training', 'inference serving', 'cloud resource scaling'],
    challenges: ['are bottlenecked by memory bandwidth rather than compute', 'waste GPU memory through fragmentation'],
    kinds: ['system', 'runtime', 'scheduler', 'kernel library'],
    datasets: ['A100 GPUs', 'production traces', 'the MLPerf suite'],
    metrics: ['throughput', 'tail latency'],
    tasks: ['Distributed Computing', 'Scheduling'],
    nameParts: ['Flash', 'Fuse', 'Serve', 'Cache', 'Kern'],
  },
  {
    key: 'active-learning',
    theme: true,
    weight: 2,
    field: 'machine learning',
    subjects: ['active learning', 'pure-exploration bandits', 'best-arm identification', 'labeling under query budgets', 'uncertainty sampling', 'adaptive data collection'],
    challenges: ['waste annotation budget on redundant samples', 'rely on poorly calibrated uncertainty estimates'],
    kinds: ['query strategy', 'sampling strategy', ...GENERIC_KINDS],
    datasets: ['CIFAR-10', 'ImageNet subsets', 'the Open Bandit dataset'],
    metrics: ['labeling cost', 'accuracy'],
    tasks: ['Active Learning', 'Multi-Armed Bandits'],
    nameParts: ['Act', 'Query', 'Bandit', 'AL'],
  },
  {
    key: 'domain-adaptation',
    theme: true,
    weight: 3,
    field: 'machine learning',
    subjects: ['unsupervised domain adaptation', 'test-time adaptation', 'distribution shift', 'source-free domain adaptation', 'domain generalization'],
    challenges: ['degrade under distribution shift between training and test data', 'require access to source data during adaptation'],
    kinds: ['adaptation method', ...GENERIC_KINDS],
    datasets: ['Office-Home', 'VisDA-2017', 'ImageNet-C', 'DomainNet'],
    metrics: ['accuracy', 'error rate'],
    tasks: ['Domain Adaptation', 'Unsupervised Domain Adaptation', 'Test-time Adaptation', 'Domain Generalization'],
    nameParts: ['DA', 'TTA', 'Shift', 'Adapt'],
  },
  {
    key: 'geometric-deep-learning',
    theme: true,
    weight: 2,
    field: 'geometric deep learning',
    subjects: ['equivariant neural networks', 'group convolutions', 'Lie groups', 'E(3)-equivariant graph networks', 'rotation-invariant features', 'symmetry-aware architectures'],
    challenges: ['do not respect the symmetries of the data', 'only handle discrete symmetry groups'],
    kinds: ['equivariant architecture', 'network', ...GENERIC_KINDS],
    datasets: ['QM9', 'ModelNet40', 'rotated MNIST'],
    metrics: ['mean absolute error', 'accuracy'],
    tasks: ['Molecular Property Prediction', '3D Point Cloud Classification'],
    nameParts: ['Equi', 'E3', 'SE3', 'Lie', 'Sym'],
  },

  // ---- Outside the taxonomy: these papers should get no theme ----------------------------------
  {
    key: 'nlp',
    theme: false,
    weight: 8,
    field: 'natural language processing',
    subjects: ['machine translation', 'named entity recognition', 'dependency parsing', 'sentiment analysis', 'dialogue state tracking', 'low-resource languages', 'morphological inflection', 'abstractive summarization'],
    challenges: ['rely on large amounts of annotated data', 'transfer poorly across languages'],
    kinds: ['parser', 'tagger', ...GENERIC_KINDS],
    datasets: ['WMT14 English-German', 'CoNLL-2003', 'the Universal Dependencies treebanks', 'MultiWOZ'],
    metrics: ['BLEU', 'F1'],
    tasks: ['Machine Translation', 'Named Entity Recognition (NER)', 'Dependency Parsing', 'Sentiment Analysis', 'Dialogue State Tracking', 'Abstractive Text Summarization'],
    nameParts: ['Trans', 'Parse', 'NER', 'Lingo', 'Dial'],
  },
  {
    key: 'speech',
    theme: false,
    weight: 4,
    field: 'speech processing',
    subjects: ['automatic speech recognition', 'speech synthesis', 'speaker verification', 'voice conversion', 'audio event classification'],
    challenges: ['degrade in noisy acoustic conditions', 'need hours of transcribed speech'],
    kinds: ['speech model', 'vocoder', ...GENERIC_KINDS],
    datasets: ['LibriSpeech', 'VoxCeleb2', 'AudioSet'],
    metrics: ['word error rate', 'equal error rate'],
    tasks: ['Speech Recognition', 'Speech Synthesis', 'Speaker Verification', 'Audio Classification'],
    nameParts: ['Wav', 'Speech', 'Voice', 'Audio', 'Sonic'],
  },
  {
    key: 'rl',
    theme: false,
    weight: 7,
    field: 'reinforcement learning',
    subjects: ['reinforcement learning', 'offline reinforcement learning', 'policy optimization', 'multi-agent reinforcement learning', 'reward shaping', 'model-based planning'],
    challenges: ['require millions of environment interactions', 'overestimate the value of out-of-distribution actions'],
    kinds: ['agent', 'policy optimization algorithm', ...GENERIC_KINDS],
    datasets: ['the Atari 100k benchmark', 'D4RL', 'MuJoCo locomotion tasks'],
    metrics: ['normalized return'],
    tasks: ['Reinforcement Learning', 'Offline RL', 'Atari Games', 'Continuous Control'],
    nameParts: ['Q', 'Policy', 'Agent', 'Dreamer', 'Plan'],
  },
  {
    key: 'graphs',
    theme: false,
    weight: 5,
    field: 'graph learning',
    subjects: ['graph neural networks', 'message passing', 'node classification', 'link prediction', 'graph transformers', 'knowledge graph completion'],
    challenges: ['oversmooth node features as depth increases', 'cannot distinguish non-isomorphic graphs'],
    kinds: ['graph neural network', ...GENERIC_KINDS],
    datasets: ['Cora', 'ogbn-arxiv', 'FB15k-237'],
    metrics: ['accuracy', 'Hits@10'],
    tasks: ['Node Classification', 'Link Prediction', 'Graph Classification', 'Knowledge Graph Completion'],
    nameParts: ['Graph', 'GNN', 'GAT', 'Hop'],
  },
  {
    key: 'robotics',
    theme: false,
    weight: 4,
    field: 'robotics',
    subjects: ['robotic manipulation', 'motion planning', 'legged locomotion', 'imitation learning', 'sim-to-real transfer', 'embodied navigation'],
    challenges: ['break down when deployed on physical hardware', 'need many expert demonstrations'],
    kinds: ['controller', 'planner', 'policy', ...GENERIC_KINDS],
    datasets: ['RLBench', 'Habitat', 'real-world pick-and-place tasks'],
    metrics: ['success rate'],
    tasks: ['Robot Manipulation', 'Motion Planning', 'Imitation Learning', 'Visual Navigation'],
    nameParts: ['Robo', 'Grasp', 'Nav', 'Walk', 'Arm'],
  },
  {
    key: 'causal',
    theme: false,
    weight: 3,
    field: 'causal inference',
    subjects: ['causal inference', 'treatment effect estimation', 'causal discovery', 'counterfactual explanations', 'instrumental variables'],
    challenges: ['assume that there are no hidden confounders', 'are sensitive to model misspecification'],
    kinds: ['estimator', ...GENERIC_KINDS],
    datasets: ['the IHDP benchmark', 'the Twins dataset', 'synthetic structural causal models'],
    metrics: ['PEHE'],
    tasks: ['Causal Inference', 'Causal Discovery', 'Counterfactual Explanation'],
    nameParts: ['Causal', 'CATE', 'DAG', 'IV'],
  },
  {
    key: 'fairness',
    theme: false,
    weight: 3,
    field: 'trustworthy machine learning',
    subjects: ['algorithmic fairness', 'fair classification', 'demographic parity', 'bias mitigation', 'model auditing'],
    challenges: ['trade accuracy for fairness without guarantees', 'ignore intersectional subgroups'],
    kinds: ['fairness intervention', 'auditing tool', ...GENERIC_KINDS],
    datasets: ['COMPAS', 'the Adult census dataset', 'CelebA'],
    metrics: ['equalized odds gap'],
    tasks: ['Fairness', 'Bias Detection'],
    nameParts: ['Fair', 'Audit', 'Eq'],
  },
  {
    key: 'healthcare',
    theme: false,
    weight: 3,
    field: 'clinical machine learning',
    subjects: ['clinical prediction', 'electronic health records', 'medical report generation', 'survival analysis', 'patient outcome prediction'],
    challenges: ['fail to generalize across hospitals', 'ignore the irregular sampling of clinical measurements'],
    kinds: ['clinical model', 'risk score', ...GENERIC_KINDS],
    datasets: ['MIMIC-IV', 'eICU', 'the UK Biobank'],
    metrics: ['AUROC'],
    tasks: ['Mortality Prediction', 'Survival Analysis', 'Medical Report Generation'],
    nameParts: ['Med', 'Clin', 'EHR', 'Care'],
  },
];

/**
 * Words that make a sample sentence "themed". Off-taxonomy papers draw their Markov filler from a
 * chain trained only on sample sentences without these, so that they stay off-theme; the sample is
 * entirely on-theme, and its sentences would otherwise tag those papers anyway.
 */
export const THEME_CUES =
  /kernel|gauss|bayes|posterior|prior\b|lora|low-rank|rank|adapt|conv|mamba|state.space|ssm|continual|forget|increment|quantiz|prun|compress|sparse|spars|language model|llm|transformer|token|retriev|search|recommend|collaborative|privacy|private|pde|physic|simulat|gpu|hardware|memory|cache|cloud|active|equivarian|invarian|symmetr|lie group|represent|embedding|feature|image|vision|visual|video|detect|object|radiance|field|3d|signal|theor|generali|optimi|gradient|learning rate|batch|fine-tun|regression|infinite|width|ntk|bound|convergen|sample complexity|rkhs|hilbert|random feature|density|matryoshka|nearest|neighbo|pinn|operator|wave|fourier|scale|scaling|efficien/i;

/** Sentence templates; `themedOnly` ones never appear in off-taxonomy papers. */
export interface SentenceTemplate {
  text: string;
  themedOnly?: boolean;
}

export const TEMPLATES = {
  opening: [
    { text: '[Understanding|Improving|Scaling up|Making the most of] {S} [is|remains] a [central|long-standing|key|fundamental] [problem|challenge|question] in {F}.' },
    { text: 'Recent [advances|developments] in {S} have [enabled|led to|driven] [remarkable|impressive|rapid|substantial] progress in {T}.' },
    { text: '[Many|Most|Modern] [state-of-the-art|practical|large-scale] [systems|pipelines|methods] for {T} [rely on|build on|are built around] {S}.' },
    { text: 'There has been [growing|renewed|considerable] interest in {S} [for|as a tool for] {T}.' },
    { text: 'We [study|consider|revisit|investigate] {S} [in the context of|for|with applications to] {T}.' },
  ],
  problem: [
    { text: 'However, [existing|current|prior|most existing] [methods|approaches|techniques] [often|typically|still|usually] {C}.' },
    { text: 'Unfortunately, [standard|conventional|popular] [approaches|methods] {C}, which [limits|hinders|prevents] their [use|deployment|adoption] in [practice|real-world settings|large-scale applications].' },
    { text: 'A [key|major|central] [limitation|challenge|obstacle] is that [existing|current] [methods|pipelines|models] {C}.' },
    { text: '[Despite|In spite of] this [success|progress], [many|most] [methods|models] {C}.' },
  ],
  contribution: [
    { text: 'In this [paper|work], we [propose|introduce|present] {M}, a {ADJ} {K} that [combines|unifies|integrates|couples] {S} with {S2}.' },
    { text: 'We [propose|introduce|present|develop] {M}, a {ADJ} {K} [for|tailored to] {T} [based on|built on|that leverages] {S2}.' },
    { text: '[To address this limitation|To overcome this issue|To tackle this challenge|To close this gap], we [propose|introduce|develop] {M}, which [leverages|exploits|builds on] {S2} to [improve|accelerate|stabilize|simplify] {S}.' },
    { text: '[Our|The proposed] {K}, {M}, [replaces|augments|reformulates] {S} [with|using|in terms of] {S2}.' },
  ],
  detail: [
    { text: 'The key [idea|insight|ingredient] is to [decompose|factorize|reparameterize|decouple] the [problem|model|objective] into [a small number of|several|two] [simpler|independent|complementary] [components|sub-problems|stages].' },
    { text: '[Unlike|In contrast to] [prior|previous|existing] work, {M} [requires no|does not require|avoids] [additional|extra|task-specific] [hyperparameters|supervision|training|labels].' },
    { text: 'We [further|also] [provide|derive|establish] [a theoretical analysis|convergence guarantees|an upper bound on the error] [showing|proving] that {M} [is|remains] [consistent|stable|optimal up to logarithmic factors].', themedOnly: true },
    { text: '{M} [is|can be] [implemented|trained|deployed] [in a few lines of code|with negligible overhead|without modifying the backbone|on commodity hardware].' },
    { text: 'This [reduces|lowers] the [time|memory] complexity from [$O(n^2)$ to $O(n \\log n)$|$\\mathcal{O}(n^3)$ to $\\mathcal{O}(nm^2)$|$O(L^2)$ to $O(L)$].' },
  ],
  /** Area-slotted sentences that fill an abstract between the details and the results. */
  elaboration: [
    { text: 'Specifically, {M} [casts|models|treats] {S} as [a sequence of|a mixture of|a hierarchy of] [simpler|local|low-dimensional] [components|sub-problems|operators], which [allows|enables] [efficient|exact|parallel] [training|inference|computation].' },
    { text: '[We|Moreover, we] [show|observe|find] that {S2} can be [viewed|interpreted|recovered] as a special case of {M}.' },
    { text: 'We [evaluate|benchmark|validate] {M} on {D}, {D2} and [several synthetic benchmarks|a suite of real-world datasets|a range of large-scale settings].' },
    { text: '[Ablation studies|Further analyses|Detailed ablations] [show|reveal|confirm] that each component of {M} contributes to the [gains|improvements|final performance].' },
    { text: '[In addition|Moreover|Furthermore], {M} [is|remains] [robust|stable|competitive] [across|under] [different|varying] [hyperparameters|model sizes|data regimes].' },
    { text: 'We [also|further] [study|analyze|characterize] [the failure modes|the limitations|the behaviour] of {S} [in practice|in low-data regimes|in the presence of label noise].' },
    { text: 'Our analysis [reveals|uncovers|identifies] [a trade-off|a connection|a close relationship] between {S} and {S2}.' },
    { text: '[This|Such a] [design|formulation|construction] [allows|enables|lets] {M} [to scale|to generalize] to [larger models|longer sequences|unseen tasks|new benchmarks] [without|with minimal] [retraining|additional cost|tuning].' },
    { text: '[Beyond|Besides] {T}, we [show|demonstrate] that {M} [transfers|extends|applies] to {T2}.' },
    { text: '[Prior|Previous|Existing] work on {S} has [largely|mostly] focused on {S2}.' },
    { text: 'We [identify|pinpoint|isolate] [two|three|several] [key|main] [factors|design choices|ingredients] that [determine|govern|explain] the [performance|success|efficiency] of {S}.' },
    { text: '[Compared to|Unlike] [standard|conventional] [pipelines|baselines], {M} [needs|uses] [only a fraction of|far fewer|substantially fewer] [labelled examples|parameters|training steps].' },
    { text: '[To this end|For this purpose], we [construct|design|derive] [an objective|a training procedure|an estimator] that [explicitly|jointly|directly] accounts for {S2}.' },
  ],
  results: [
    { text: '[Experiments|Extensive experiments|Empirical results|Evaluations] on {D} and {D2} [show|demonstrate|confirm] that {M} [outperforms|consistently outperforms|improves over|matches] [state-of-the-art|strong|competitive] [baselines|methods|approaches] [by up to {P}%|by {P}% on average|while using {R}x fewer parameters|at a fraction of the cost].' },
    { text: 'On {D}, {M} [achieves|attains|reaches] {V} {X}, [improving on|surpassing|outperforming] the previous best by {P} points.' },
    { text: '[Compared with|Relative to] [strong baselines|prior work|the state of the art], {M} [reduces|cuts] [training time|memory usage|inference latency] by {R}x [without|with negligible|with no] loss in {X}.' },
  ],
  closing: [
    { text: 'Our code is publicly available.' },
    { text: 'Code and pretrained models will be released.' },
    { text: 'We release our code and data to facilitate future research.' },
    { text: '[These|Our] [results|findings] [highlight|underline|point to] the [promise|potential|practical value] of {S} for {T}.' },
  ],
  /**
   * Precision traps: words the taxonomy warns about, used in passing. A tagger that matches
   * "Gaussian", "kernel" or "adaptation" on their own will tag these papers; a precise one won't.
   */
  trap: [
    { text: '[To improve robustness, we|We] [add|inject] Gaussian noise to the [inputs|features|gradients] [during training|at test time].' },
    { text: 'All [models|networks] use [3x3|5x5|depthwise] convolution kernels in [the stem|every stage].' },
    { text: 'The adaptation [of the step size|to new users|of the decoding temperature] is [handled|performed] [automatically|on the fly].' },
    { text: 'Images are [pre-processed|smoothed] with a Gaussian blur kernel [before training|as in prior work].' },
  ],
  /** The sentence pointing at a paper's official repository, as many real abstracts end. */
  code: [{ text: 'Code is available at {URL}.' }, { text: 'Our code is available at {URL}.' }, { text: 'The code is publicly available at {URL}.' }],
} satisfies Record<string, readonly SentenceTemplate[]>;

/** Adjectives after "a" in templates: all consonant-initial, so "a {ADJ}" is always grammatical. */
export const CONTRIBUTION_ADJECTIVES = ['simple', 'novel', 'principled', 'scalable', 'lightweight', 'general', 'training-free', 'plug-and-play', 'data-efficient', 'modular', 'fully differentiable', 'parameter-free', 'hardware-friendly', 'unified'];

export const TITLE_ADJECTIVES = ['efficient', 'scalable', 'robust', 'adaptive', 'simple', 'provable', 'fast', 'unified', 'hierarchical', 'sparse', 'dynamic', 'generalizable', 'interpretable', 'lightweight', 'data-efficient', 'training-free', 'memory-efficient', 'principled', 'differentiable', 'accurate', 'stable', 'universal', 'structured', 'compositional', 'faithful', 'practical', 'optimal', 'consistent', 'flexible', 'certified', 'calibrated', 'explainable', 'transferable', 'incremental', 'modular', 'holistic', 'disentangled', 'personalized', 'controllable', 'reliable', 'expressive', 'balanced', 'unsupervised', 'end-to-end', 'learnable', 'parameter-free', 'sample-efficient', 'plug-and-play'];

export const TITLE_PROPERTIES = ['expressivity', 'generalization', 'robustness', 'convergence', 'sample complexity', 'limits', 'implicit bias', 'scaling behaviour', 'stability', 'calibration', 'optimality', 'inductive bias'];

/**
 * Title shapes after an optional "{M}: " prefix. {MS} is the subject, often with a modifier
 * ("cross-modal low-rank adaptation"). PwC slugs keep only a title's first ~40 characters, so
 * titles must vary within their first few words for slugs to stay mostly unique, as real ones
 * are: these shapes open with two or three drawn words.
 */
export const TITLE_TEMPLATES = [
  '{ADJ} {MOD} {S} for {T}',
  '{ADJ} {MOD} {S} via {S2}',
  '{ADJ} and {ADJ2} {MS} for {T}',
  '{ADJ} {MOD} {S} from {DATA}',
  '{ADJ} {MOD} {S} with {S2}',
  '{VERB} {MOD} {S} for {T}',
  '{VERB} {MOD} {S} with {S2}',
  '{VERB} {ADJ} {MS} for {T}',
];

/**
 * Shapes that open with fixed words or with the subject, so fewer of the slug's characters are
 * drawn: used for a minority of titles.
 */
export const TITLE_TEMPLATES_FIXED_OPENING = [
  '{MS} for {ADJ} {T}',
  '{MS} with {ADJ} {S2}',
  '{A_ADJ} {K} for {MS} in {T}',
  'towards {ADJ} {MS} with {S2}',
  'on the {PROP} of {MS}',
  'rethinking {MS} for {T}',
  'when {MS} meets {S2}',
  'revisiting {MS}: {ADJ} {S2} for {T}',
  'beyond {MS}: {ADJ} {S2} for {T}',
  'understanding {MS} through {S2}',
  'scaling up {MS} for {T}',
  '{MS} is all you need for {T}',
  'learning {ADJ} {MS} from {DATA}',
  'what makes {MS} work for {T}?',
  'do we really need {MS} for {T}?',
];

/** Gerund openers: "Taming …", "Bridging …". */
export const TITLE_VERBS = ['improving', 'boosting', 'taming', 'bridging', 'mitigating', 'leveraging', 'enhancing', 'unifying', 'disentangling', 'demystifying', 'characterizing', 'benchmarking', 'probing', 'accelerating', 'stabilizing', 'simplifying', 'exploring', 'rethinking', 'unleashing', 'regularizing', 'distilling', 'calibrating', 'compressing', 'interpreting', 'personalizing', 'grounding', 'aligning', 'debiasing', 'scaling', 'sparsifying'];

/** Subject modifiers for titles ("contrastive", "cross-modal"): multiply the title space. */
export const SUBJECT_MODIFIERS = ['multi-scale', 'cross-modal', 'self-supervised', 'graph-based', 'attention-based', 'contrastive', 'hierarchical', 'federated', 'zero-shot', 'few-shot', 'uncertainty-aware', 'physics-guided', 'frequency-domain', 'token-level', 'low-precision', 'object-centric', 'energy-based', 'diffusion-based', 'memory-augmented', 'retrieval-augmented', 'instance-aware', 'prompt-driven', 'curriculum-based', 'adversarially robust', 'privacy-preserving', 'multilingual', 'multimodal', 'semi-supervised', 'weakly supervised', 'online', 'decentralized', 'asynchronous', 'event-driven', 'spectral', 'geometric', 'probabilistic', 'variational', 'differentiable', 'quantum-inspired', 'biologically plausible', 'long-horizon', 'open-world', 'resource-constrained', 'data-centric', 'task-agnostic', 'modality-agnostic', 'label-efficient', 'noise-robust', 'fine-grained', 'compositional', 'causal', 'counterfactual', 'temporal', 'spatio-temporal', 'cross-lingual', 'on-device', 'streaming', 'mixture-of-experts', 'sparse', 'implicit', 'token-free', 'layer-wise', 'channel-wise', 'patch-based', 'query-based', 'kernelized', 'quantized', 'distributed', 'recurrent', 'multi-task', 'multi-view', 'multi-agent', 'meta-learned', 'bilevel', 'two-stage', 'coarse-to-fine', 'long-context', 'high-resolution', 'low-resource', 'scale-invariant', 'permutation-invariant', 'rotation-equivariant', 'interactive', 'incremental', 'reversible', 'stochastic', 'deterministic', 'nonparametric', 'semi-parametric', 'topology-aware', 'geometry-aware', 'context-aware', 'cost-sensitive', 'risk-averse', 'safety-critical', 'human-in-the-loop'];

/** What a model learns from, for "learning … from {DATA}". */
export const TITLE_DATA = ['noisy labels', 'unlabeled data', 'synthetic data', 'human feedback', 'web-scale data', 'few examples', 'weak supervision', 'demonstrations', 'partial observations', 'multiple views', 'imbalanced data', 'limited data', 'scratch', 'videos', 'point clouds', 'text descriptions'];

/** Generic fragments for coined method names, combined with an area's own `nameParts`. */
export const NAME_PREFIXES = ['Flash', 'Hyper', 'Meta', 'Omni', 'Uni', 'Deep', 'Fast', 'Tiny', 'Lite', 'Neuro', 'Auto', 'Dyna', 'Poly', 'Multi', 'Cross', 'Self', 'Mix', 'Flex', 'Any', 'Open', 'Mega', 'Micro', 'Nano', 'Proto', 'Turbo', 'Echo', 'Astra', 'Aurora', 'Orion', 'Nova', 'Zen', 'Vita', 'Sigma', 'Delta', 'Ortho', 'Pano', 'Quasi', 'Holo'];
export const NAME_SUFFIXES = ['Net', 'Former', 'Mixer', 'Fusion', 'Flow', 'Bench', 'Align', 'Diff', 'Gen', 'Scope', 'Lens', 'Kit', 'Zero', 'Plus', 'X', 'Pro', 'Fit', 'Shift', 'Mate'];

// ---- Authors ------------------------------------------------------------------------------------

/**
 * Name cultures, weighted roughly like ML authorship. Each culture's name space is sized to its
 * weight: given names and surnames are partly composed (Chinese and Korean syllables, Japanese
 * stems and endings, Persian surname stems and suffixes) so that a million papers' authors do not
 * pile onto a few hundred names, while common names still recur (as many real "Wei Zhang"s do).
 */
export interface NameCulture {
  weight: number;
  given: readonly string[];
  /** Second parts of compound given names ("Jia" + "hui", "Hiro" + "shi"), used with share `compound`. */
  givenEndings?: readonly string[];
  compound?: number;
  /** Share of compound given names written with a hyphen ("Jae-Hyun"). */
  hyphenated?: number;
  surnames: readonly string[];
  /** Composed surnames ("Hossein" + "zadeh"), used for half the surnames when present. */
  surnameStems?: readonly string[];
  surnameEndings?: readonly string[];
  /** Share of names with a middle initial ("Max A. Alekseyev"). */
  middleInitial: number;
  /** Given names that take feminine surname forms (Ivanov → Ivanova, Kowalski → Kowalska). */
  feminine?: readonly string[];
}

const CHINESE_SYLLABLES = ['Wei', 'Jing', 'Hao', 'Yu', 'Xin', 'Jia', 'Hui', 'Ming', 'Yi', 'Zhi', 'Chen', 'Yang', 'Lei', 'Jun', 'Tao', 'Qi', 'Han', 'Rui', 'Xiao', 'Lin', 'Yan', 'Bo', 'Feng', 'Kai', 'Tian', 'Hong', 'Jie', 'Peng', 'Zhen', 'Fei', 'Yun', 'Long', 'Shu', 'Ying', 'Xuan', 'Zhe', 'Heng', 'Hang', 'Ting', 'Wen', 'Qing', 'Yue', 'Dong', 'Ning', 'Ze', 'Yao', 'Kun', 'Sheng', 'Jian', 'Xu'];
const KOREAN_SYLLABLES = ['Min', 'Ji', 'Seo', 'Hyun', 'Jun', 'Woo', 'Young', 'Soo', 'Jae', 'Sung', 'Ho', 'Eun', 'Hye', 'Dong', 'Joon', 'Yeon', 'Jin', 'Hoon', 'Kyung', 'Sang', 'Chan', 'Won', 'Seung', 'Hyo', 'Yoon', 'Tae', 'Gyu', 'Hwan', 'Bin', 'Na'];

export const NAME_CULTURES: readonly NameCulture[] = [
  {
    weight: 34,
    given: CHINESE_SYLLABLES,
    givenEndings: CHINESE_SYLLABLES.map((s) => s.toLowerCase()),
    compound: 0.75,
    surnames: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo', 'Zheng', 'Liang', 'Xie', 'Song', 'Tang', 'Han', 'Feng', 'Deng', 'Cao', 'Peng', 'Zeng', 'Xiao', 'Tian', 'Dong', 'Pan', 'Yuan', 'Cai', 'Jiang', 'Yu', 'Du', 'Ye', 'Cheng', 'Wei', 'Su', 'Lu', 'Ding', 'Ren', 'Shen', 'Yao', 'Fang', 'Jin', 'Qian', 'Tan', 'Shi', 'Bai', 'Kong'],
    middleInitial: 0,
  },
  {
    weight: 28,
    given: ['James', 'Michael', 'David', 'Daniel', 'Thomas', 'Alexander', 'Andrew', 'Matthew', 'Christopher', 'Benjamin', 'Samuel', 'Jonathan', 'Nicholas', 'Peter', 'Simon', 'Martin', 'Lucas', 'Julien', 'Pierre', 'Antoine', 'Mathieu', 'François', 'Hélène', 'Chloé', 'Léa', 'Camille', 'Sophie', 'Laura', 'Emma', 'Anna', 'Julia', 'Sarah', 'Rachel', 'Emily', 'Olivia', 'Hannah', 'Katherine', 'Elena', 'Maria', 'Marco', 'Luca', 'Giulia', 'Francesco', 'Matteo', 'Alessandro', 'Stefano', 'José', 'Javier', 'Pablo', 'Carlos', 'Lucía', 'Sergio', 'Jorge', 'Ana', 'João', 'Tiago', 'Inês', 'Lukas', 'Jonas', 'Felix', 'Tobias', 'Maximilian', 'Jan', 'Niklas', 'Moritz', 'Katharina', 'Jürgen', 'Björn', 'Max', 'Paul', 'Oliver', 'George', 'Henry', 'William', 'Robert', 'John', 'Mark', 'Kevin', 'Brian', 'Ryan', 'Eric', 'Adam', 'Noah', 'Ethan', 'Grace', 'Alice', 'Claire', 'Nathan', 'Zoë', 'Chris', 'Michelle', 'Jennifer'],
    surnames: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Anderson', 'Thomas', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Robinson', 'Clark', 'Lewis', 'Walker', 'Hall', 'Allen', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Bell', 'Bailey', 'Cooper', 'Richardson', 'Howard', 'Ward', 'Brooks', 'Gray', 'Hughes', 'Foster', 'Bennett', 'Wood', 'Russell', 'Fisher', 'Hayes', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Wolf', 'Schäfer', 'Bauer', 'Klein', 'Lefèvre', 'Dubois', 'Moreau', 'Laurent', 'Girard', 'Rousseau', 'Bernard', 'Petit', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Silva', 'Santos', 'Oliveira', 'Costa', 'Pereira', 'Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', "O'Brien", "O'Connor", 'McDonald', 'Hartmann', 'Zimmermann', 'Krüger', 'Lange', 'Werner', 'Neumann', 'Schwarz', 'Braun', 'Vogel', 'Fontaine', 'Mercier', 'Chevalier', 'Gauthier', 'Conti', 'De Luca', 'Mancini', 'Lombardi', 'Moretti', 'Barbieri', 'Navarro', 'Torres', 'Ramírez', 'Castillo', 'Ortega', 'Rocha', 'Carvalho', 'Almeida', 'Ferreira', 'Peeters', 'Claes', 'Dekker', 'Vermeulen', 'Sullivan', 'Kennedy', 'Fitzgerald', 'Morgan', 'Reed', 'Price', 'Sanders', 'Barnes', 'Henderson', 'Coleman', 'Jenkins', 'Perry', 'Powell', 'Long', 'Patterson', 'Butler', 'Simmons', 'Hunt', 'Graham', 'Marshall', 'Owen', 'Harrison', 'Gibson', 'Ellis', 'Webb', 'Palmer'],
    middleInitial: 0.15,
  },
  {
    weight: 11,
    given: ['Aditya', 'Arjun', 'Rahul', 'Rohan', 'Vikram', 'Siddharth', 'Karthik', 'Ankit', 'Abhishek', 'Pranav', 'Varun', 'Nikhil', 'Anirudh', 'Akshay', 'Harsh', 'Sanjay', 'Deepak', 'Amit', 'Rajesh', 'Suresh', 'Priya', 'Ananya', 'Shreya', 'Kavya', 'Neha', 'Pooja', 'Divya', 'Aishwarya', 'Sneha', 'Meera', 'Lakshmi', 'Ishaan', 'Aarav', 'Vivek', 'Gaurav', 'Sumit', 'Tanmay', 'Chirag', 'Yash', 'Manish', 'Kunal', 'Saurabh', 'Ashish', 'Prateek', 'Ayush', 'Shubham', 'Raghav', 'Arnav', 'Dhruv', 'Kartik', 'Mohit', 'Nitin', 'Rajat', 'Sahil', 'Tushar', 'Vishal', 'Anjali', 'Bhavna', 'Ishita', 'Nandini', 'Radhika', 'Riya', 'Shruti', 'Swati', 'Tanvi', 'Vidya', 'Aparna', 'Harini', 'Keerthi', 'Srinivas'],
    surnames: ['Sharma', 'Gupta', 'Singh', 'Kumar', 'Patel', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Mehta', 'Shah', 'Joshi', 'Agarwal', 'Banerjee', 'Chatterjee', 'Mukherjee', 'Das', 'Bose', 'Ghosh', 'Menon', 'Pillai', 'Krishnan', 'Subramanian', 'Venkatesan', 'Bhat', 'Kulkarni', 'Desai', 'Jain', 'Malhotra', 'Kapoor', 'Verma', 'Mishra', 'Srivastava', 'Tiwari', 'Pandey', 'Saxena', 'Chandra', 'Raman', 'Natarajan', 'Goyal', 'Bhattacharya', 'Chakraborty', 'Sen', 'Dutta', 'Roy', 'Sinha', 'Prasad', 'Yadav', 'Thakur', 'Chauhan', 'Kaur', 'Gill', 'Sethi', 'Arora', 'Bansal', 'Garg', 'Mittal', 'Khanna', 'Hegde', 'Shetty', 'Kamath', 'Pai', 'Naidu', 'Varma', 'Ramesh', 'Ganesh', 'Sundaram', 'Rajan', 'Balasubramanian', 'Narayanan'],
    middleInitial: 0.2,
  },
  {
    weight: 6,
    given: KOREAN_SYLLABLES,
    givenEndings: KOREAN_SYLLABLES,
    compound: 1,
    hyphenated: 0.4,
    surnames: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong', 'Jeon', 'Ko', 'Moon', 'Yang', 'Son', 'Bae', 'Baek', 'Heo', 'Nam', 'Noh'],
    middleInitial: 0,
  },
  {
    weight: 5,
    given: ['Hiro', 'Taka', 'Masa', 'Kazu', 'Yoshi', 'Nobu', 'Toshi', 'Hide', 'Aki', 'Tomo', 'Shin', 'Ken', 'Dai', 'Ryu', 'Yu', 'Sho', 'Kei', 'Jun', 'Tetsu', 'Tatsu', 'Mitsu', 'Nao', 'Sato', 'Haru', 'Yuki', 'Mai', 'Saki', 'Ai', 'Mizu', 'Kana'],
    givenEndings: ['shi', 'ki', 'to', 'ya', 'ta', 'o', 'nori', 'hiro', 'aki', 'suke', 'hito', 'yuki', 'ka', 'ko', 'mi', 'na'],
    compound: 0.9,
    surnames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Mori', 'Ikeda', 'Hashimoto', 'Ishikawa', 'Ogawa', 'Fujita', 'Okada', 'Goto', 'Hasegawa', 'Murakami', 'Kondo', 'Ishii', 'Saito', 'Sakamoto', 'Endo', 'Aoki', 'Fujii', 'Nishimura', 'Fukuda', 'Ota', 'Miura', 'Fujiwara', 'Okamoto', 'Matsuda', 'Nakagawa', 'Nakano', 'Harada', 'Ono', 'Tamura', 'Takeuchi', 'Kaneko', 'Wada', 'Nakayama', 'Ishida', 'Ueda', 'Morita', 'Hara', 'Shibata', 'Sakai', 'Kudo', 'Yokoyama'],
    middleInitial: 0,
  },
  {
    weight: 6,
    given: ['Aleksandr', 'Dmitry', 'Sergey', 'Andrey', 'Ivan', 'Nikolai', 'Mikhail', 'Pavel', 'Alexey', 'Maxim', 'Artem', 'Denis', 'Egor', 'Kirill', 'Roman', 'Vladimir', 'Yury', 'Piotr', 'Tomasz', 'Łukasz', 'Krzysztof', 'Michał', 'Jakub', 'Marek', 'Paweł', 'Wojciech', 'Ondřej', 'Petr', 'Tomáš', 'Vojtěch', 'Anastasia', 'Ekaterina', 'Olga', 'Tatiana', 'Natalia', 'Katarzyna', 'Agnieszka', 'Marina', 'Elena', 'Daria'],
    feminine: ['Anastasia', 'Ekaterina', 'Olga', 'Tatiana', 'Natalia', 'Katarzyna', 'Agnieszka', 'Marina', 'Elena', 'Daria'],
    surnames: ['Ivanov', 'Petrov', 'Smirnov', 'Kuznetsov', 'Popov', 'Volkov', 'Sokolov', 'Lebedev', 'Kozlov', 'Novikov', 'Morozov', 'Zolotykh', 'Alekseyev', 'Basov', 'Orlov', 'Pavlov', 'Semenov', 'Egorov', 'Vasiliev', 'Fedorov', 'Mikhailov', 'Belov', 'Tarasov', 'Zaitsev', 'Kiselev', 'Makarov', 'Nikitin', 'Zakharov', 'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Krawczyk', 'Novák', 'Dvořák', 'Procházka', 'Svoboda', 'Černý', 'Horvat', 'Kovačević', 'Petrović', 'Jovanović', 'Nikolić', 'Shevchenko', 'Bondarenko', 'Kovalenko', 'Tkachenko', 'Kravchenko', 'Oliynyk', 'Melnyk', 'Boyko'],
    middleInitial: 0.2,
  },
  {
    weight: 3,
    given: ['Lars', 'Erik', 'Anders', 'Johan', 'Magnus', 'Henrik', 'Nils', 'Sven', 'Ingrid', 'Astrid', 'Sigrid', 'Freja', 'Søren', 'Mikkel', 'Rasmus', 'Jesper', 'Kristian', 'Elin', 'Linnea', 'Maja', 'Oskar', 'Emil', 'Axel', 'Gustav', 'Karl', 'Fredrik', 'Mattias', 'Per', 'Ola', 'Kari', 'Hanna', 'Ida', 'Sara', 'Tove', 'Frida', 'Malin'],
    surnames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsen', 'Hansen', 'Jensen', 'Nielsen', 'Pedersen', 'Lindqvist', 'Berg', 'Lindström', 'Holm', 'Dahl', 'Sandberg', 'Nyström', 'Bergström', 'Sørensen', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Lindberg', 'Lundgren', 'Eklund', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Haugen', 'Johansen', 'Kristiansen', 'Christensen', 'Rasmussen', 'Madsen', 'Virtanen', 'Korhonen'],
    middleInitial: 0.15,
  },
  {
    weight: 7,
    given: ['Mohammad', 'Ali', 'Reza', 'Amir', 'Hossein', 'Mehdi', 'Saeed', 'Hamid', 'Majid', 'Hadi', 'Arash', 'Babak', 'Kian', 'Pouya', 'Sara', 'Maryam', 'Fatemeh', 'Zahra', 'Niloofar', 'Shirin', 'Parisa', 'Negar', 'Ahmed', 'Omar', 'Youssef', 'Karim', 'Khaled', 'Tarek', 'Hassan', 'Nour', 'Layla', 'Mariam', 'Yasmin', 'Mustafa', 'Emre', 'Burak', 'Can', 'Elif', 'Zeynep', 'Mert', 'Ozan', 'Yusuf', 'Kerem', 'Deniz', 'Ece', 'Selin', 'Onur', 'Berk', 'Cem', 'Tuba'],
    surnames: ['Hassan', 'Ibrahim', 'Mahmoud', 'Haddad', 'Khalil', 'Mansour', 'Saleh', 'Nasser', 'Farouk', 'Aziz', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özdemir', 'Polat', 'Erdem', 'Güneş', 'Tekin'],
    surnameStems: ['Ahmad', 'Hossein', 'Mohammad', 'Rez', 'Karim', 'Rahim', 'Jafar', 'Mor', 'Najaf', 'Tehran', 'Shiraz', 'Esfahan', 'Kazem', 'Sadegh', 'Mousav', 'Ghasem', 'Hashem', 'Zaman', 'Akbar', 'Asghar', 'Derakhsh', 'Rostam', 'Bahram', 'Nour', 'Amin'],
    surnameEndings: ['i', 'ian', 'zadeh', 'pour', 'nejad', 'far', 'abadi', 'khani', 'lou', 'vand', 'nia', 'parast'],
    middleInitial: 0.05,
  },
];

// ---- Tasks --------------------------------------------------------------------------------------

/**
 * The head of the task distribution, most frequent first: the generator gives rank 1 the largest
 * Zipf share. Names and spellings follow PwC ("Language Modelling", "Named Entity Recognition (NER)").
 */
export const POPULAR_TASKS = [
  'Image Classification', 'Object Detection', 'Semantic Segmentation', 'Language Modelling', 'Question Answering',
  'Reinforcement Learning', 'Machine Translation', 'Image Generation', 'Text Generation', 'Speech Recognition',
  'Decision Making', 'Node Classification', 'Self-Supervised Learning', 'Time Series Forecasting', 'Sentiment Analysis',
  'Domain Adaptation', 'Link Prediction', 'Anomaly Detection', 'Recommendation Systems', 'Continual Learning',
  'Instance Segmentation', 'Representation Learning', 'Classification', 'Retrieval', 'Contrastive Learning',
  'Knowledge Distillation', 'Quantization', 'Few-Shot Learning', 'Action Recognition', 'Depth Estimation',
  'Pose Estimation', 'Named Entity Recognition (NER)', 'Text Classification', 'Image Captioning', 'Visual Question Answering',
  'Super-Resolution', 'Image Denoising', 'Novel View Synthesis', '3D Reconstruction', 'Graph Classification',
  'Federated Learning', 'Meta-Learning', 'Multi-Task Learning', 'Code Generation', 'Mathematical Reasoning',
  'Bayesian Optimization', 'Active Learning', 'Density Estimation', 'Network Pruning', 'Model Compression',
  'Information Retrieval', 'Collaborative Filtering', 'Out-of-Distribution Detection', 'Adversarial Robustness', 'Autonomous Driving',
  'Motion Planning', 'Speech Synthesis', 'Audio Classification', 'Causal Inference', 'Fairness',
  'Molecular Property Prediction', 'Drug Discovery', 'Optical Flow Estimation', 'Video Understanding', 'Image Retrieval',
  'Dependency Parsing', 'Natural Language Inference', 'Reading Comprehension', 'Open-Domain Question Answering', 'Dialogue State Tracking',
  'Test-time Adaptation', 'Oriented Object Detection', 'Unsupervised Domain Adaptation', 'Domain Generalization', 'Click-Through Rate Prediction',
  'Sequential Recommendation', 'Knowledge Graph Completion', 'Imitation Learning', 'Continuous Control', 'Atari Games',
  'Offline RL', 'Uncertainty Quantification', 'Variational Inference', 'Gaussian Processes', 'Privacy Preserving Deep Learning',
  'Weather Forecasting', 'Survival Analysis', 'Speaker Verification', 'Neural Rendering', 'Image Super-Resolution',
  'Transfer Learning', 'Hyperparameter Optimization', 'Stochastic Optimization', 'Class Incremental Learning', 'Few-Shot Class-Incremental Learning',
  'parameter-efficient fine-tuning', 'Passage Retrieval', 'Multi-Armed Bandits', '3D Point Cloud Classification', 'Visual Navigation',
];

/** Generated tasks are "{modifier} {base}" over the popular names, like PwC's long tail of sub-tasks. */
export const TASK_MODIFIERS = ['Few-Shot', 'Zero-Shot', 'Unsupervised', 'Semi-Supervised', 'Weakly-Supervised', 'Multi-Label', 'Cross-Domain', 'Long-Tailed', 'Fine-Grained', 'Open-Vocabulary', 'Multilingual', '3D', 'Video', 'Medical', 'Low-Resource', 'Online', 'Incremental', 'Robust', 'Real-Time', 'Multi-Modal', 'Cross-Lingual', 'Self-Supervised', 'Generalized', 'Referring', 'Temporal', 'Interactive', 'Federated', 'Explainable', 'Document', 'Audio-Visual', 'Hierarchical', 'Multi-Agent', 'Continual', 'Privacy-Preserving'];

// ---- Code hosts ---------------------------------------------------------------------------------

/**
 * The head of the shared-repository pool: monorepos and model zoos that real dumps link to many
 * papers (unofficially, mostly). Real names, because their case and shape are what importers meet.
 */
export type Framework = 'pytorch' | 'tf' | 'jax' | 'mxnet' | 'none';

export const POPULAR_REPOS: readonly { url: string; framework: Framework }[] = [
  { url: 'huggingface/transformers', framework: 'pytorch' },
  { url: 'open-mmlab/mmdetection', framework: 'pytorch' },
  { url: 'facebookresearch/detectron2', framework: 'pytorch' },
  { url: 'rwightman/pytorch-image-models', framework: 'pytorch' },
  { url: 'google-research/google-research', framework: 'tf' },
  { url: 'tensorflow/models', framework: 'tf' },
  { url: 'open-mmlab/mmsegmentation', framework: 'pytorch' },
  { url: 'PaddlePaddle/PaddleDetection', framework: 'none' },
  { url: 'microsoft/unilm', framework: 'pytorch' },
  { url: 'facebookresearch/fairseq', framework: 'pytorch' },
  { url: 'NVIDIA/NeMo', framework: 'pytorch' },
  { url: 'google-research/big_vision', framework: 'jax' },
  { url: 'dmlc/gluon-cv', framework: 'mxnet' },
  { url: 'mindspore-ai/models', framework: 'none' },
  { url: 'labmlai/annotated_deep_learning_paper_implementations', framework: 'pytorch' },
  { url: 'open-mmlab/mmrotate', framework: 'pytorch' },
  { url: 'huggingface/diffusers', framework: 'pytorch' },
  { url: 'huggingface/peft', framework: 'pytorch' },
  { url: 'deepmind/deepmind-research', framework: 'jax' },
  { url: 'mlfoundations/open_clip', framework: 'pytorch' },
  { url: 'PaddlePaddle/PaddleNLP', framework: 'none' },
  { url: 'allenai/allennlp', framework: 'pytorch' },
  { url: 'open-mmlab/mmpretrain', framework: 'pytorch' },
  { url: 'keras-team/keras-cv', framework: 'tf' },
];

/** Organisations that host official code; a Zipf head, followed by generated lab accounts. */
export const CODE_ORGS = ['google-research', 'facebookresearch', 'microsoft', 'NVlabs', 'OpenGVLab', 'IDEA-Research', 'allenai', 'apple', 'google-deepmind', 'amazon-science', 'salesforce', 'snap-research', 'baaivision', 'sail-sg', 'naver-ai', 'kakaobrain', 'tencent-ailab', 'bytedance', 'alibaba', 'IBM', 'intel', 'mit-han-lab', 'VITA-Group', 'huawei-noah', 'hpcaitech'];
export const UNIVERSITY_ACRONYMS = ['THU', 'PKU', 'ZJU', 'SJTU', 'USTC', 'MIT', 'CMU', 'ETH', 'EPFL', 'UCL', 'KAIST', 'SNU', 'NUS', 'NTU', 'UT', 'UW', 'UCB', 'UCLA', 'TUM', 'KTH', 'UofT', 'HKU', 'CUHK', 'Oxford', 'Cambridge', 'Stanford', 'Mila', 'Inria', 'MPI', 'Tsinghua'];
export const LAB_SUFFIXES = ['ML', 'AI', 'Vision', 'NLP', 'Lab', 'CV', 'Robotics', 'DB', 'Systems', 'Theory', 'LAMDA', 'MMLab', 'VCL', 'IRL'];
/** Words for generated project names ("torch-sparse-kit", "DeepFlowZoo"). */
export const PROJECT_WORDS = ['awesome', 'toolkit', 'zoo', 'bench', 'lib', 'suite', 'hub', 'lab', 'models', 'research', 'baselines', 'playground', 'examples', 'pretrained', 'recipes', 'core'];

/**
 * Conference venues for `proceeding` and for papers that are not on arXiv. The slug shape
 * ("iclr-2021-1") is PwC's conference-page slug; `host` picks the url_abs/url_pdf pattern.
 */
export const VENUES: readonly { slug: string; label: string; host: 'openreview' | 'cvf' | 'acl'; oddYearsOnly?: boolean }[] = [
  { slug: 'iclr', label: 'ICLR', host: 'openreview' },
  { slug: 'neurips', label: 'NeurIPS', host: 'openreview' },
  { slug: 'icml', label: 'ICML', host: 'openreview' },
  { slug: 'cvpr', label: 'CVPR', host: 'cvf' },
  { slug: 'iccv', label: 'ICCV', host: 'cvf', oddYearsOnly: true },
  { slug: 'acl', label: 'ACL', host: 'acl' },
  { slug: 'emnlp', label: 'EMNLP', host: 'acl' },
  { slug: 'naacl', label: 'NAACL', host: 'acl' },
];
