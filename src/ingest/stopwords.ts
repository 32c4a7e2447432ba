/**
 * Word lists for key-phrase extraction (ingest/keywords.ts).
 *
 * Key phrases are found as runs of words between punctuation and *stop words*, so this list does two
 * jobs: it removes words that never belong in a key phrase, and it cuts the text where one phrase
 * ends and the next begins ("… we propose | scalable neural network kernels | that …"). It is
 * therefore larger than a search engine's stop list: besides English function words it holds the
 * verbs, adjectives and adverbs of scientific boilerplate ("demonstrate", "novel", "extensive"),
 * which would otherwise glue unrelated nouns together or become keywords themselves. Adverbs in
 * "-ly" need not be listed; the extractor recognises them by their ending.
 *
 * Words are listed lower-case. Regular plurals need not be listed: the extractor looks up both the
 * word as written and its singular ("results" is caught by "result"). Verb inflections are
 * generated from base forms, so the lists stay readable and no form is forgotten.
 *
 * Tiers, from strongest to weakest:
 * - STOP_WORDS: never part of a key phrase; they end one.
 * - GENERIC_WORDS: may sit inside a phrase ("state space *model*", "*deep* learning"), but a phrase
 *   made only of them is not a key phrase ("proposed method", "large model", "model performance").
 *   They come in three kinds: GENERIC_MODIFIERS, adjectives a phrase may not end on; CLASS_NOUNS,
 *   which may head a term after an adjective ("generative model"); WEAK_NOUNS, which may not
 *   ("non-parametric ability"). EVALUATIVE_MODIFIERS ("efficient", "general") make a phrase rank
 *   below the same phrase without them.
 * - BOILERPLATE_PHRASES: whole phrases of otherwise acceptable words that still say nothing about a
 *   paper's subject ("numerical experiments", "downstream tasks").
 */

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/**
 * One verb entry to its forms: base, third person, past participle, gerund. Flags: `+` doubles
 * the final consonant ("occur+" → "occurred"); `-ing` / `-ed` leave out the gerund / participle
 * where that form starts real terms ("building blocks", "generalized linear model", "fully
 * connected layer", "expected improvement").
 */
function inflectEntry(entry: string): string[] {
  const match = /^([a-z]+)(\+?)((?:-ing|-ed)*)$/.exec(entry);
  if (!match) throw new Error(`bad verb entry "${entry}"`);
  const base = match[1]!;
  const gerund = !match[3]!.includes('-ing');
  const participle = !match[3]!.includes('-ed');
  const forms = [base];
  if (/[^aeiou]y$/.test(base)) {
    const stem = base.slice(0, -1);
    forms.push(`${stem}ies`);
    if (participle) forms.push(`${stem}ied`);
    if (gerund) forms.push(`${base}ing`);
  } else if (base.endsWith('e')) {
    forms.push(`${base}s`);
    if (participle) forms.push(`${base}d`);
    if (gerund) forms.push(`${base.endsWith('ee') ? base : base.slice(0, -1)}ing`);
  } else {
    const stem = match[2] ? base + base.slice(-1) : base;
    forms.push(/(s|x|z|ch|sh)$/.test(base) ? `${base}es` : `${base}s`);
    if (participle) forms.push(`${stem}ed`);
    if (gerund) forms.push(`${stem}ing`);
  }
  return forms;
}

/** Articles, pronouns, prepositions, conjunctions, auxiliaries, quantifiers, connectives. */
const FUNCTION_WORDS = words(`
  a an the this that these those there here such
  i me my mine myself we us our ours ourselves you your yours yourself yourselves
  he him his himself she her hers herself it its itself they them their theirs themselves
  one ones oneself someone something somebody anyone anything anybody everyone everything everybody
  nobody nothing none whoever whatever whichever whomever
  what which who whom whose why how when where whether while whilst whereas whereby wherein
  whereupon whence thereby therein thereof thereto thereafter herein hereby
  and or nor but if then else than so because since though although unless until till once
  as at by for from in into of off on onto out over per to toward towards up upon via with
  within without about above across after against along alongside amid amidst among amongst
  around before behind below beneath beside besides between beyond despite down during except
  inside near nearby outside past regarding throughout through under underneath unlike versus vs
  be am is are was were been being have has had having do does did doing done
  can could may might must shall should will would ought cannot
  not no yes neither either both each every all any some many much more most less least few fewer
  several enough own other others another same only just also too very quite rather again already
  always never ever often sometimes usually still yet even thus hence therefore however moreover
  furthermore nevertheless nonetheless meanwhile otherwise instead indeed namely likewise
  accordingly consequently additionally subsequently finally firstly secondly thirdly lastly
  overall altogether almost nearly perhaps maybe respectively especially particularly
  specifically notably mainly mostly largely partly fully approximately roughly barely hardly
  merely simply regardless irrespective
  now today currently recently previously later soon first second third fourth fifth last next
  former latter well far away together apart alone elsewhere anywhere everywhere somewhere
  nowhere let lets unto due like plus minus
  e.g eg i.e ie etc cf al et viz resp wrt w.r.t approx
`);

/** Counts are never key phrases ("three distinct statistical regimes", "twofold speed-up"). */
const NUMBER_WORDS = words(`
  zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
  sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
  hundred hundreds thousand thousands million millions billion billions trillion dozen dozens
  half twice thrice twofold threefold tenfold
`);

/**
 * Verbs of scientific reporting; every generated form ends a phrase ("experiments *demonstrate*",
 * "*based* on"). Only verbs that never name a technique are listed: "train", "sample",
 * "transform", "search", "map", "pool", "group", "support", "lie" … are nouns in key phrases ("Lie
 * group", "support vector machine", "message passing") and are left out on purpose; their
 * unambiguous third-person forms are listed with the irregular forms below.
 */
const REPORTING_VERBS = words(`
  propose present introduce show demonstrate achieve outperform underperform evaluate provide
  develop investigate consider describe obtain observe apply employ leverage utilize utilise
  enable allow improve enhance reduce-ed increase decrease require perform conduct compare
  validate verify confirm establish prove derive analyze analyse explore exploit address tackle
  aim seek argue believe suggest reveal indicate highlight discuss yield lead include involve
  contain consist comprise remain become seem appear tend attempt try need want wish hope
  expect-ed assume ensure guarantee facilitate help make take give get put keep offer bring serve
  act play focus rely depend relate refer+ correspond follow inspire motivate benefit suffer fail
  succeed manage overcome mitigate alleviate surpass exceed outpace maintain retain attain reach
  accomplish deliver produce generate create construct build-ing devise formulate reformulate
  incorporate integrate combine unify extend generalize-ed generalise-ed adapt adopt modify
  replace remove decompose exhibit possess enjoy inherit capture identify determine characterize
  characterise quantify assess examine explain understand study solve-ing handle deal cope
  emphasize emphasise underscore note notice find conclude summarize summarise illustrate
  showcase outline publish implement deploy operate-ing execute realize realise permit+ avoid
  prevent eliminate ignore neglect overlook lack miss-ing differ vary encompass harness equip+
  endow empower spur+ foster promote stay arise emerge occur+ happen exist begin start finish
  continue proceed move-ing turn come look feel think ask choose select pick opt prefer+ favor
  favour receive earn win beat outweigh accommodate compensate contribute accelerate-ed enlarge
  expand grow rise decline denote define specify tailor customize customise craft organize
  organise arrange fill enrich refine strengthen weaken sharpen broaden widen deepen shorten
  lengthen connect-ed associate simplify streamline complicate hamper hinder impede harm affect
  influence dominate govern necessitate entail imply suppose posit hypothesize hypothesise
  conjecture speculate anticipate envision foresee justify substantiate corroborate carry regard
  interpret raise uncover unlock unleash unveil elucidate clarify disentangle-ed bypass
  instantiate compactify marry satisfy violate admit+ touch revisit rethink reconsider
  specialize-ed specialise-ed diversify inspect decide agree distinguish attach append rewrite
  dub+ cast release remedy converge call fare meet adjust-ed detect rotate-ed break-ing
  prioritize prioritise boost-ing initialize-ed initialise-ed dampen cause extract matter
  recover-ed
`).flatMap(inflectEntry);

/**
 * Forms the generator cannot make, plus third-person forms of technical verbs whose other forms
 * are nouns or term modifiers: "learns" is a verb, "learning" and "learned" belong to terms.
 */
const OTHER_VERB_FORMS = words(`
  see sees seeing seen saw shown found made given taken known chosen drawn built led held brought
  thought begun went gone came said told kept got gotten became drove driven grew grown lost meant
  met paid sent sought spent stood took understood undertook undertaken wrote written won arisen
  arose undergone underwent overcame overtaken forgone foregone felt knew proven rose using used
  based named termed called dubbed resulting resulted lies means projects learn learnt
  learns trains encodes decodes tests computes fits predicts estimates forecasts detects
  classifies optimizes optimises minimizes minimises maximizes maximises approximates converges
  embeds distills compresses quantizes prunes retrieves reconstructs supports controls
  represents reflects reuses runs fixes operates attends interacts coordinates competes
  navigates diagnoses judges relaxes lowers raises eases
`);

/** Adjectives of evaluation, novelty and reference: they describe the claims, not the subject. */
const EVALUATIVE_ADJECTIVES = words(`
  novel new proposed existing extensive various different diverse several numerous significant
  substantial considerable remarkable superior inferior competitive comparable accurate
  inaccurate simple simpler simplest strong stronger strongest powerful promising challenging
  important crucial essential primary unique impressive
  outstanding excellent superb favorable favourable notable noteworthy interesting surprising
  useful helpful beneficial valuable practical realistic feasible viable possible impossible
  available unavailable necessary sufficient insufficient adequate appropriate suitable proper
  relevant irrelevant respective corresponding whole entire additional extra further better best
  good great greater greatest highest lowest largest smallest faster fastest slower easier easiest
  harder hardest bigger biggest wider broader deeper able unable capable incapable certain
  particular typical usual popular widespread conventional traditional contemporary recent
  current previous preceding given known unknown same similar identical distinct
  aforementioned following foregoing present sole mere exact precise rigorous thorough
  comprehensive detailed systematic careful principled straightforward easy difficult tough
  costly expensive cheap inexpensive affordable lightweight heavyweight reliable stable unstable
  consistent inconsistent versatile broad limited unlimited tiny huge vast little
  leading top clear evident apparent obvious trivial nontrivial non-trivial intuitive
  counterintuitive counter-intuitive desirable undesirable attractive appealing
  suboptimal sub-optimal near-optimal ideal perfect imperfect successful unsuccessful detrimental
  harmful innovative unprecedented seamless vital explicit inherent
`);

/** Compounds that read as single boilerplate words. */
const BOILERPLATE_COMPOUNDS = words(`
  state-of-the-art state-of-art sota plug-and-play off-the-shelf by-product well-known
  widely-used so-called real-world large-scale high-quality easy-to-use up-to-date long-standing
  first-of-its-kind open-source open-sourced publicly-available wide-ranging cutting-edge
  in-depth top-performing best-performing first-ever data-driven model-driven training-free
`);

/** Typesetting and mathematics that LaTeX sources leave in abstracts ("hat rho_h", "mathcal O"). */
const MATH_WORDS = words(`
  alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
  omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
  hat tilde widetilde widehat bar overline underline vec ddot mathcal mathbb mathbf mathrm mathit
  mathsf mathtt mathfrak boldsymbol bm textbf textit textrm texttt emph frac dfrac tfrac sqrt
  prod int oint lim limsup liminf sup inf max min argmax argmin arg log ln exp sin cos tan sinh
  cosh tanh det tr diag left right bigg cdot cdots ldots dots circ times otimes oplus odot sim
  simeq propto equiv neq leq geq le ge ll gg infty partial nabla forall exists rightarrow
  leftarrow leftrightarrow mapsto notin subset subseteq supset cup cap setminus emptyset mid perp
  prime ell qquad quad cite citep citet eqref footnote href st th nd rd
`);

/** The paper as a document, and the web addresses it cites. */
const DOCUMENT_WORDS = words(`
  paper article thesis dissertation manuscript chapter section appendix appendices supplementary
  supplement figure lemma corollary proposition definition remark example author reader reviewer
  work repository website webpage url http https www com org html pdf arxiv preprint doi github
  gitlab contribution
`);

/**
 * Nouns that head many real terms after an adjective ("generative *model*", "Gaussian *process*",
 * "convolutional *layer*") but are no term alone ("model", "proposed method", "model training").
 */
export const CLASS_NOUNS: ReadonlySet<string> = new Set(
  words(`
    model method approach framework system algorithm technique analysis process structure mechanism
    module architecture function parameter input output layer computation complexity memory
    machine operation error set space prior estimator operator solver
  `),
);

/**
 * Nouns every paper uses about itself and its evaluation ("performance", "ability", "result"):
 * they end no term unless a content noun is present ("propensity *score*" is a term,
 * "non-parametric *ability*" is not).
 */
export const WEAK_NOUNS: ReadonlySet<string> = new Set(
  words(`
    result performance problem task experiment data dataset setting way use usage application
    accuracy efficiency effectiveness efficacy property variant version component design strategy
    scheme improvement gain cost time number size level type kind form case scenario area field
    domain range quality ability capability capacity challenge issue limitation insight finding
    idea concept aspect factor value step stage part piece order extension implementation tool
    procedure goal objective purpose need requirement condition assumption fact detail instance
    trade-off tradeoff overhead speed speedup speed-up amount degree point term notion practice
    research literature community researcher practitioner user people world variety collection
    family class category behavior behaviour phenomenon effect impact role importance advantage
    disadvantage benefit drawback weakness strength success failure progress advance advancement
    development growth trend direction perspective view viewpoint line manner fashion
    medium basis context regime paradigm principle guideline rule protocol recipe pipeline
    workflow toolkit library package platform environment infrastructure resource hardware
    device metric measure score rate ratio percentage fraction proportion portion share total sum
    average median maximum minimum bound threshold budget margin gap difference comparison
    ablation validation verification demonstration investigation exploration examination
    assessment information knowledge understanding evidence observation variation alternative
    option choice selection item object thing entity unit dimension scale code project
    proof hyperparameter hyper-parameter benchmark baseline evaluation solution
  `),
);

/**
 * Adjectives of size, scope, degree or quality that often start real terms ("deep learning",
 * "large language model", "linear regression") but are not terms alone and never end one.
 */
export const GENERIC_MODIFIERS: ReadonlySet<string> = new Set(
  words(`
    large small high low deep shallow long short wide narrow fast slow global local general
    specific standard classical modern full partial weak hard soft linear nonlinear non-linear
    theoretical empirical numerical experimental computational statistical mathematical
    analytical technical natural real synthetic artificial original final initial future
    potential source target main major minor common downstream upstream overall basic advanced
    higher lower larger smaller longer shorter key complex efficient effective robust scalable
    universal fine coarse extreme strict open closed good bad poor rich
    high-level low-level high-dimensional low-dimensional fine-grained coarse-grained multi-scale
    multiscale large-kernel small-scale long-range short-range long-term short-term
    high-resolution low-resolution high-performance low-cost early late critical fundamental
    single double triple multiple big massive positive negative
  `),
);

/**
 * Modifiers that praise or situate rather than classify ("*efficient* global token mixers",
 * "*general* radial bases"): a phrase starting with one is usually the same term with a
 * compliment attached, so it ranks below the bare term.
 */
export const EVALUATIVE_MODIFIERS: ReadonlySet<string> = new Set(
  words(`
    efficient effective robust scalable universal general key main major minor basic advanced good
    bad poor rich overall potential future original final initial common typical modern simple
    complex fine coarse extreme strict whole standard classical single multiple fundamental
  `),
);

export const GENERIC_WORDS: ReadonlySet<string> = new Set([...CLASS_NOUNS, ...WEAK_NOUNS, ...GENERIC_MODIFIERS]);

/** Words that end a key phrase. A word listed as generic above is never a stop word. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    ...FUNCTION_WORDS,
    ...NUMBER_WORDS,
    ...REPORTING_VERBS,
    ...OTHER_VERB_FORMS,
    ...EVALUATIVE_ADJECTIVES,
    ...BOILERPLATE_COMPOUNDS,
    ...MATH_WORDS,
    ...DOCUMENT_WORDS,
  ].filter((w) => !GENERIC_WORDS.has(w)),
);

/**
 * Whole phrases of ordinary words that still say nothing about a paper's subject. Compared after
 * normalisation (lower case, singular), so "numerical experiments" also covers "Numerical
 * Experiment". Phrases containing a stop word ("in this paper") can never form and are listed
 * only so that the list documents everything the extractor must not return.
 */
export const BOILERPLATE_PHRASES: readonly string[] = [
  'state of the art', 'in this paper', 'in this work', 'we propose', 'experiments demonstrate',
  'results show', 'to the best of our knowledge', 'code is available', 'numerical experiments',
  'numerical results', 'numerical simulations', 'empirical results', 'empirical evaluation',
  'empirical study', 'empirical evidence', 'empirical analysis', 'theoretical analysis',
  'theoretical results', 'theoretical guarantees', 'theoretical claims',
  'theoretical understanding', 'theoretical insights', 'experimental results',
  'experimental evaluation', 'extensive experiments', 'synthetic experiments', 'benchmark datasets',
  'downstream tasks', 'future research', 'future work', 'related work', 'prior work', 'prior art',
  'previous work', 'source code', 'ablation studies', 'case study', 'detailed analysis',
  'comprehensive analysis', 'baseline methods', 'existing methods', 'previous methods',
  'real world', 'large margin', 'wide range', 'broad range', 'orders of magnitude', 'key idea',
  'main result', 'main contribution', 'key contribution', 'code release', 'publicly available',
  'open source', 'significant improvements', 'performance gains', 'computational cost',
  'computational resources', 'computational overhead', 'computational requirements',
  'computational efficiency', 'memory footprint', 'memory consumption', 'training data',
  'training process', 'training set', 'test set', 'test time', 'training time', 'inference time',
  'inference speed', 'inference latency', 'training speed', 'model size', 'model performance',
  'model parameters', 'trainable parameters', 'loss function', 'objective function',
  'proof of concept', 'lower bound', 'upper bound', 'real data', 'various tasks',
  'various applications', 'practical applications', 'research direction', 'research gap',
  'wall-clock time', 'carbon footprint', 'competing approaches', 'model training',
];
