/**
 * The failure-mode catalog of the Argo CD hub → EKS spoke chain: every `FM-x.y` mode with how it
 * shows (symptom), why it happens (cause), how to detect it, how to fix it, the sources it was
 * verified against and a confidence grade. This is the project's own research, kept in the
 * repository; docs/failure-modes.md is generated from it (`npm run docs`), one anchor per id.
 *
 * Fields are Markdown. Confidence: **D** documented by AWS / Argo CD or verified in code; **R**
 * reported by users in issues (fix confirmed in the thread); **I** inferred from code or docs, not
 * seen reported — a hypothesis to test. Research date: sources as of about September 2026; code read
 * at argoproj/argo-cd 37ee0097 (2026-08-22), argoproj/argo-helm af0a9310 (2026-07-02),
 * awsdocs/amazon-eks-user-guide and kubernetes-sigs/aws-iam-authenticator pkg/token/token.go.
 */

export interface FailureMode {
  readonly id: string;
  readonly title: string;
  /** The link of the chain (section of the catalog). */
  readonly section: string;
  readonly symptom?: string;
  readonly cause?: string;
  readonly detection?: string;
  readonly fix?: string;
  /** What does not fit the fields above (doctor notes, watch items). */
  readonly notes?: string;
  readonly evidence?: string;
  readonly confidence: string;
}

export const FAILURE_MODES: readonly FailureMode[] = [
  {
    id: 'FM-1.1',
    title: 'IRSA annotation added but pods not restarted (webhook only mutates at admission)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'controller log shows AssumeRole denied for a *node* role, e.g.\n`An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::1111:assumed-role/argocd-prod-workers-role/i-2222 is not authorized to perform: sts:AssumeRole on resource: …`\n(session name `i-…` = EC2 instance ID ⇒ credentials came from IMDS, not IRSA), or no credentials at all.',
    cause:
      'the EKS pod-identity webhook injects `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`, the `aws-iam-token`\nprojected volume (audience `sts.amazonaws.com`) and `AWS_REGION`/`AWS_DEFAULT_REGION`/`AWS_STS_REGIONAL_ENDPOINTS` only\nwhen a pod is created. Annotating the SA later does nothing to running pods.',
    detection:
      '(k8s API) for each Argo CD pod that talks to spokes (application-controller StatefulSet pods, argocd-server pods),\nread `spec.serviceAccountName` → SA annotation `eks.amazonaws.com/role-arn`; compare with container `env` (`AWS_ROLE_ARN`)\nand volumes (`aws-iam-token`). Annotation present but env absent/different ⇒ stale pod. Also flag any AWS error whose\ncaller ARN session name matches `^i-[0-9a-f]+$`.',
    fix: '`kubectl rollout restart statefulset/argocd-application-controller deploy/argocd-server -n argocd`.',
    evidence:
      'Argo CD docs warning "Once the annotations has been set on the service accounts, the application controller\nand server pods need to be restarted" (`docs/operator-manual/declarative-setup.md` @ 37ee0097);\n[argo-cd#2347](https://github.com/argoproj/argo-cd/issues/2347) (node-role error above; "after adding SA annotation with role\nname pods has to be recreated"); [kubefirst-api#451](https://github.com/konstructio/kubefirst-api/pull/451) (restart controller so\nIRSA env is mounted); EKS doc `configure-sts-endpoint` ("The mutating web hook doesn\'t apply them to Pods that are already running");\nwebhook testdata `pkg/handler/testdata/rawPodNeedsSTS.pod.yaml` in `aws/amazon-eks-pod-identity-webhook` (injected env list).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.2',
    title:
      'Trust-policy `sub` does not match the real ServiceAccount (name, namespace, chart/operator naming)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      '`WebIdentityErr: failed to retrieve credentials caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity status code: 403`.',
    cause:
      'the management role\'s trust condition `oidc.eks.<region>.amazonaws.com/id/<ID>:sub` lists\n`system:serviceaccount:argocd:argocd-application-controller`, but the pod runs as something else:\n- Argo CD installed in a namespace other than `argocd`.\n- Chart naming: in current argo-helm the controller/server/applicationset SA names default to fixed strings\n  (`controller.serviceAccount.name: argocd-application-controller`, `server…: argocd-server`), but **repo-server, redis,\n  etc. default to `""` → derived from `argo-cd.fullname`**, which is `<release>-<nameOverride>` unless the release name\n  contains `argocd` (`nameOverride: argocd`); e.g. release `argo-cd` yields `argo-cd-argocd-…`\n  (`charts/argo-cd/templates/_common.tpl`, `values.yaml` @ af0a9310; real-world `argo-cd-argocd-server` naming in\n  [cloudposse/terraform-aws-components#489](https://github.com/cloudposse/terraform-aws-components/pull/489)). Other\n  distributions (Argo CD operator / OpenShift GitOps, Bitnami chart) prefix SA names with the instance/release name.\n- `StringEquals` used with a wildcard (needs `StringLike`).',
    detection:
      "list Argo CD pods → actual `namespace/serviceAccountName`; `iam:GetRole(<mgmt role>)` → parse\n`AssumeRolePolicyDocument`; evaluate every `sts:AssumeRoleWithWebIdentity` statement's `:sub` (`StringEquals`/`StringLike`\nglob) and `:aud` against `system:serviceaccount:<ns>:<sa>`. Report exact missing subject strings. Static check: a\n`*` in a `StringEquals` value is a bug.",
    fix: 'add the real subjects (controller, server; applicationset only if it needs AWS, see FM-7.2) or pin SA names in\nchart values (`*.serviceAccount.name`).',
    evidence:
      'same class of bug with release-prefixed SA names:\n[aws-ia/terraform-aws-eks-blueprints-addons#267](https://github.com/aws-ia/terraform-aws-eks-blueprints-addons/issues/267),\n[helm/charts#20504](https://github.com/helm/charts/issues/20504); StringEquals-vs-StringLike:\n[crossplane/crossplane#2454](https://github.com/crossplane/crossplane/issues/2454); SA-name mismatch fix in an Argo CD Helm\nsetup: [kubestellar#2878](https://github.com/kubestellar/kubestellar/pull/2878); trust policy subjects listed in Argo CD docs\n(declarative-setup "Argo CD Management Role").',
    confidence: 'D (chart code) / R.',
  },
  {
    id: 'FM-1.3',
    title:
      "No IAM OIDC provider for the hub cluster in the role's account (or hub cluster rebuilt → new issuer ID)",
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      '`WebIdentityErr: failed to retrieve credentials caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.<region>.amazonaws.com/id/<ID>` (status 400).',
    cause:
      "the IAM OIDC provider for the issuer must exist in the **same account as the role being assumed with web\nidentity**. Common after: recreating the hub cluster (new issuer ID, trust policy still references old provider), putting the\nIRSA role directly in account B without registering A's issuer there, or a trust policy naming a provider ARN from another\ncluster. `InvalidIdentityToken` is distinct from `AccessDenied` (sub/aud mismatch returns AccessDenied instead).",
    detection:
      "`eks:DescribeCluster(hub).cluster.identity.oidc.issuer` → `iam:ListOpenIDConnectProviders` in the role's account,\nmatch URL; `iam:GetOpenIDConnectProvider` → `ClientIDList` contains `sts.amazonaws.com`; trust policy `Principal.Federated`\nequals that provider ARN (partition `arn:aws-cn`/`arn:aws-us-gov` where applicable) and condition keys use the same issuer host.",
    fix: '`eksctl utils associate-iam-oidc-provider --cluster <hub> --approve` (or IaC); update trust policy issuer ID.',
    evidence:
      'AWS re:Post KCs [eks-troubleshoot-oidc-and-irsa](https://repost.aws/knowledge-center/eks-troubleshoot-oidc-and-irsa),\n[eks-troubleshoot-irsa-errors](https://repost.aws/knowledge-center/eks-troubleshoot-irsa-errors);\n[aws-load-balancer-controller#2315](https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2315),\n[terraform-aws-eks#965](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/965),\n[external-secrets#6648](https://github.com/external-secrets/external-secrets/issues/6648) (maintainer: InvalidIdentityToken ≠ sub/aud mismatch);\nmulti-cluster trust statements [karpenter-provider-aws#1313](https://github.com/aws/karpenter-provider-aws/issues/1313);\nEKS doc "Authenticate to another account with IRSA" (`cross-account-access.adoc`: provider must be created in the account that owns the role).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.4',
    title: 'Token audience mismatch (incl. China partition)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom: '`InvalidIdentityToken: Incorrect token audience`.',
    cause:
      "projected token `aud` (default `sts.amazonaws.com`, overridable via SA annotation `eks.amazonaws.com/audience`)\nnot in the OIDC provider's `ClientIDList`, or the trust policy's `:aud` condition differs. In **aws-cn** the audience is still\n`sts.amazonaws.com` — tooling that writes `sts.amazonaws.com.cn` breaks IRSA.",
    detection:
      'decode the JWT at `$AWS_WEB_IDENTITY_TOKEN_FILE` inside the pod (or create a TokenRequest for the SA with the same\naudience) and compare `aud`/`iss`/`sub` with provider `ClientIDList` and trust conditions. Flag `sts.amazonaws.com.cn`.',
    fix: 'set `ClientIDList`/`:aud` to `sts.amazonaws.com` (or align annotation + provider).',
    evidence:
      '[awslabs/amazon-eks-irsa-cfn#18](https://github.com/awslabs/amazon-eks-irsa-cfn/pull/18),\n[terraform-aws-eks#1704](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/1704),\n[terraform-aws-eks#2700](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2700),\n[eksctl#1910](https://github.com/eksctl-io/eksctl/issues/1910), [amazon-eks-pod-identity-webhook#232](https://github.com/aws/amazon-eks-pod-identity-webhook/issues/232).',
    confidence: 'R.',
  },
  {
    id: 'FM-1.5',
    title: 'Trust-policy typos that still "look right"',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom: '`Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
    cause:
      '(observed variants) condition on `…:aud` where `…:sub` was intended; provider host written\n`oidc.<region>.eks.amazonaws.com` instead of `oidc.eks.<region>.amazonaws.com`; provider ARN with wrong partition\n(`arn:aws` in China); trailing/invisible characters.',
    detection:
      'static parse of trust policy: condition key host must equal issuer host (minus `https://`), suffixes only\n`:sub`/`:aud`/`:amr`; Federated ARN partition = hub partition; no non-printable chars.',
    evidence:
      '[kubernetes-external-secrets#287](https://github.com/external-secrets/kubernetes-external-secrets/issues/287) (aud vs sub),\n[amazon-eks-pod-identity-webhook#30](https://github.com/aws/amazon-eks-pod-identity-webhook/issues/30) (host typo),\n[eksctl#1871](https://github.com/eksctl-io/eksctl/issues/1871) (partition).',
    confidence: 'R.',
  },
  {
    id: 'FM-1.6',
    title: 'Malformed role ARN in the SA annotation',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      '`An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid`.',
    detection:
      'regex-validate `eks.amazonaws.com/role-arn` (`^arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/(.+/)?[\\w+=,.@-]+$`), and\n`iam:GetRole` it exists in account A.',
    evidence:
      're:Post KC [eks-troubleshoot-irsa-errors](https://repost.aws/knowledge-center/eks-troubleshoot-irsa-errors).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.7',
    title: 'Web-identity token file not readable (legacy)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      '`WebIdentityErr: unable to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token … permission denied`.',
    cause: 'non-root container without a matching `fsGroup` on older Kubernetes versions.',
    detection: 'exec `test -r "$AWS_WEB_IDENTITY_TOKEN_FILE"` in the pod; check `securityContext.fsGroup`.',
    evidence:
      '[argo-workflows#6406](https://github.com/argoproj/argo-workflows/pull/6406); Argo CD-specific workaround\n`fsGroup: 999` in [argo-cd#2996](https://github.com/argoproj/argo-cd/issues/2996). Low prevalence on current EKS.',
    confidence: 'R (legacy).',
  },
  {
    id: 'FM-1.8',
    title: 'Wrong link in the credential chain wins (static keys, profiles, IRSA vs Pod Identity)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'AssumeRole denied for an unexpected caller ARN (an IAM user, the node role, or the IRSA role when Pod Identity was intended).',
    cause:
      'SDK default chain order: env keys → shared config/credentials files (`AWS_PROFILE`, mounted `~/.aws`) → web\nidentity (IRSA) → container credentials (Pod Identity) → IMDS (node role). AWS: "If your workloads currently use credentials\nthat are earlier in the chain of credentials, those credentials will continue to be used even if you configure an EKS Pod\nIdentity association." So an SA that still carries the IRSA annotation keeps using IRSA after a Pod Identity migration.',
    detection:
      'for each pod: presence of `AWS_ACCESS_KEY_ID`/`AWS_PROFILE`/`AWS_SHARED_CREDENTIALS_FILE` env or `.aws` mounts,\n`AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_CONTAINER_CREDENTIALS_FULL_URI` both set ⇒ warn; definitive: run\n`sts:GetCallerIdentity` from inside the pod (probe, §8) and compare with the intended management role.',
    evidence:
      'EKS doc "Use pod identity with the AWS SDK" (`pod-id-minimum-sdk`); [argo-cd#2347](https://github.com/argoproj/argo-cd/issues/2347) (node role);\n[amazon-eks-pod-identity-webhook#264](https://github.com/aws/amazon-eks-pod-identity-webhook/issues/264) (pod ended up with IRSA env instead of Pod Identity env).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.9',
    title: 'Pod Identity: agent missing / unhealthy / unreachable',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'credential fetch from the agent fails — wording varies by SDK; one client reports\n`HTTP request to pod identity agent failed: Get "http://169.254.170.23/v1/credentials": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;\nconnection refused is also typical. In argocd-k8s-auth this surfaces as exit code 20.',
    cause:
      "`eks-pod-identity-agent` add-on not installed (not needed only on Auto Mode), DaemonSet not scheduled on the\nnode running the Argo CD pod (taints/nodeSelector), node role lacks `eks-auth:AssumeRoleForPodIdentity`, IPv6 disabled on\nnodes (agent can't bind `[fd00:ec2::23]`), or a proxy intercepts `169.254.170.23` (`NO_PROXY` missing).",
    detection:
      '`eks:DescribeAddon(eks-pod-identity-agent)` status; k8s: DaemonSet `kube-system/eks-pod-identity-agent` ready on the\n*same node* as each Argo CD pod; `iam:SimulatePrincipalPolicy(nodeRole, eks-auth:AssumeRoleForPodIdentity)`; pod env\n`HTTPS_PROXY` set without `169.254.170.23` in `NO_PROXY`.',
    fix: 'install/repair the add-on; grant `AmazonEKSWorkerNodePolicy`; add NO_PROXY entries; follow IPv6-disable doc.',
    evidence:
      'EKS docs `pod-identities.adoc` "EKS Pod Identity considerations" (agent required; hostNetwork ports 80/2703 on\n`169.254.170.23`/`[fd00:ec2::23]`; IPv6; `no_proxy`), `pod-id-agent-setup` (node role permission);\n[secrets-store-csi-driver-provider-aws#465](https://github.com/aws/secrets-store-csi-driver-provider-aws/issues/465),\n[eks-pod-identity-agent#26](https://github.com/aws/eks-pod-identity-agent/issues/26), [amazon-eks-user-guide#878](https://github.com/awsdocs/amazon-eks-user-guide/pull/878) (proxy).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.10',
    title: 'Pod Identity association missing, mis-targeted, or not injected into the running pod',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'pod has no `AWS_CONTAINER_CREDENTIALS_FULL_URI`/`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` ⇒ silently uses node\nrole (AccessDenied on AssumeRole as node role) or has no creds (exit code 20). After an Argo CD upgrade, clusters may fail\nonly for the component that lacked an association.',
    cause:
      'association created for wrong namespace/SA (e.g. only `argocd-server`), association created after the pod\nstarted, or the webhook (`failurePolicy: Ignore`) skipped the pod.',
    detection:
      "`eks:ListPodIdentityAssociations(cluster=hub, namespace=argocd)` ⇒ expect one per SA used by controller and\nserver; compare with pod env (same as FM-1.1); flag pods older than the association's `createdAt`.",
    fix: 'create associations for every component; restart pods.',
    evidence:
      '[argo-cd#27906](https://github.com/argoproj/argo-cd/issues/27906) (3.4.2: `exit code 20` on all clusters; fixed by\nadding Pod Identity to the application controller, server already had it);\n[amazon-eks-pod-identity-webhook#264](https://github.com/aws/amazon-eks-pod-identity-webhook/issues/264),\n[#174](https://github.com/aws/amazon-eks-pod-identity-webhook/issues/174) (race on first deploy),\n[eks-pod-identity-agent#153](https://github.com/aws/eks-pod-identity-agent/issues/153) (injection silently skipped, falls back to node role).',
    confidence: 'R.',
  },
  {
    id: 'FM-1.11',
    title:
      'Pod Identity role trust policy wrong (service principal, `sts:TagSession`, tag conditions, account)',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'credentials call fails with text like `Unauthorized Exception! EKS does not have permissions to assume the associated role.`',
    cause:
      "trust must allow principal `pods.eks.amazonaws.com` with **both** `sts:AssumeRole` and `sts:TagSession`;\noptional `aws:RequestTag/kubernetes-namespace` / `kubernetes-service-account` conditions must include every Argo CD SA;\nthe association role **must be in the hub cluster's account** (cross-account needs a second hop or `targetRoleArn`).",
    detection:
      '`iam:GetRole(association.roleArn)` → static check of trust statements; account ID of role == hub account.',
    evidence:
      'EKS doc `pod-id-role` (required trust), `pod-identities.adoc` ("You can only associate roles that are in the same\nAWS account as the cluster"); Argo CD docs Pod Identity trust example (namespace/SA tag conditions);\n[eks-pod-identity-agent#139](https://github.com/aws/eks-pod-identity-agent/issues/139) (error text).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.12',
    title: 'Pod Identity unsupported environment or too-old SDK',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'no credentials / falls back to node role / `Ignoring, HTTP credential provider invalid endpoint host, "169.254.170.23", only loopback hosts are allowed.`',
    cause:
      'Pod Identity unavailable on Fargate, Windows nodes, Outposts, EKS Anywhere, and **China regions**; Argo CD\nbuilds older than 2.10 ship an AWS SDK without Pod Identity support.',
    detection:
      'node of the pod (`eks.amazonaws.com/compute-type=fargate`, `kubernetes.io/os`), region partition `aws-cn`,\nArgo CD image tag < v2.10.',
    evidence:
      'EKS `pod-identities.adoc` restrictions; China doc: "Pod Identity is not available in China Regions. Use IAM roles\nfor service accounts." (docs.amazonaws.cn pod-identities); [argo-cd#17064](https://github.com/argoproj/argo-cd/issues/17064)\n("need to be using at least v2.10"), [argo-cd#17063](https://github.com/argoproj/argo-cd/pull/17063) (SDK bump);\nold-SDK text from [aws-controllers-k8s/community#2145](https://github.com/aws-controllers-k8s/community/issues/2145).',
    confidence: 'D.',
  },
  {
    id: 'FM-1.13',
    title: 'Pod Identity credentials cached after association change',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'after fixing/changing an association (role or `targetRoleArn`), pods keep using the old role for hours.',
    cause:
      'the agent caches credentials per association config: 6 h without a target role, 59 min with one;\nupdating an association does not reset the cache.',
    detection:
      'compare association `modifiedAt` with pod start time; in-pod `GetCallerIdentity` ARN ≠ association role.',
    fix: 'recreate the pods.',
    evidence: 'EKS doc `pod-id-assign-target-role.adoc` "Caching considerations".',
    confidence: 'D.',
  },
  {
    id: 'FM-1.14',
    title: 'Pod Identity `targetRoleArn`: the association role cannot chain into the target role',
    section: 'Pod identity token (hub pod → first AWS credentials)',
    symptom:
      'pods get no credentials, or fail intermittently, with `AccessDenied` on `sts:AssumeRole` / `sts:TagSession` for the target role, although the association exists and its own role trusts `pods.eks.amazonaws.com`.',
    cause:
      "with `targetRoleArn` EKS assumes the association role and then, using those credentials, the target role; the pod only holds the target's credentials. That second call is role chaining: the target's trust must allow the association role `sts:AssumeRole`, plus `sts:TagSession` while session tags are on (they are transitive), and an identity policy of the association role must allow both on the target.",
    detection:
      "for each association with `targetRoleArn`, evaluate the target trust and the association role's identity policies for `sts:AssumeRole` and `sts:TagSession` from the association role session with the Pod Identity tags; with `disableSessionTags` EKS sets `sts:ExternalId` to `<region>/<account>/<cluster>/<namespace>/<service account>` instead.",
    fix: "trust the association role in the target role with `sts:AssumeRole` and `sts:TagSession` (or disable session tags and match the `sts:ExternalId`), and allow both actions on the target in the association role's policy.",
    evidence:
      'EKS doc `pod-id-assign-target-role` ("using those credentials"), `pod-id-abac` (transitive tags); [terrapod#1546](https://github.com/mattrobinsonsre/terrapod/issues/1546) (intermittent chained assume without TagSession).',
    confidence: 'D / R.',
  },
  {
    id: 'FM-2.1',
    title: 'Identity policy on the management role does not allow `sts:AssumeRole` on the deployer ARN',
    section: 'Management role (account A)',
    symptom:
      '`User: arn:aws:sts::<A>:assumed-role/<mgmt>/<session> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::<B>:role/<deployer>`.\nWhere AWS adds denial context, the message may end with `because no identity-based policy allows …` (identity side) —\nuse it to tell identity-side from trust-side failures, but do not rely on it being present.',
    cause:
      "cross-account AssumeRole needs **both** an Allow in A's identity policy and an Allow in B's trust policy.\nWith Pod Identity the identity policy must also allow `sts:TagSession` (Argo CD docs' Pod Identity example).",
    detection:
      '`iam:SimulatePrincipalPolicy(PolicySourceArn=mgmtRole, ActionNames=[sts:AssumeRole, sts:TagSession], ResourceArns=[deployer…])`\n(covers identity policies + permissions boundary; **not** SCPs). Parse the suffix of the AccessDenied text when present.',
    fix: 'add `sts:AssumeRole` (+`sts:TagSession`) on each deployer ARN (or a path/prefix pattern).',
    evidence:
      'Argo CD docs "IAM Permission Policy" (IRSA and Pod Identity variants); [argo-cd#2347](https://github.com/argoproj/argo-cd/issues/2347);\n[karpenter-provider-aws#4680](https://github.com/aws/karpenter-provider-aws/issues/4680) (same error shape via kubectl exec plugin).',
    confidence: 'D.',
  },
  {
    id: 'FM-2.2',
    title: '`roleARN` points at the management role itself (single-role designs) → self-assume denied',
    section: 'Management role (account A)',
    symptom:
      '`User: arn:aws:sts::A:assumed-role/<mgmt>/<s> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::A:role/<mgmt>`.',
    cause:
      "argocd-k8s-auth always calls AssumeRole when `awsAuthConfig.roleARN` is set, even if it equals the current\nrole. Since AWS's 2022 trust-policy change a role can only assume itself if its trust policy explicitly allows it.",
    detection:
      "`roleARN` (cluster Secret) == management role ARN (from SA annotation / association) ⇒ require a self-trust\nstatement (Argo CD docs' `ExplicitSelfRoleAssumption` with `aws:PrincipalArn`) or recommend removing `roleARN`.",
    fix: 'omit `roleARN` when the spoke maps the management role directly, or add explicit self-trust (+`sts:TagSession` for Pod Identity).',
    evidence:
      '[argo-cd#17064 comment](https://github.com/argoproj/argo-cd/issues/17064) ("If `roleARN` is set, Argo CD will try to\n`AssumeRole` into the same role it already has via Pod Identity and will fail"); [argo-cd#20503](https://github.com/argoproj/argo-cd/pull/20503)\n(docs: role "needed to be able to assume itself"); [terraform-aws-iam#278](https://github.com/terraform-aws-modules/terraform-aws-iam/pull/278)\nand [databricks/terraform-provider-databricks#3615](https://github.com/databricks/terraform-provider-databricks/pull/3615) (AWS trust-behavior change);\n[configure-aws-credentials#1219](https://github.com/aws-actions/configure-aws-credentials/issues/1219) (same error via kubeconfig `role-arn`).',
    confidence: 'D/R.',
  },
  {
    id: 'FM-2.3',
    title: 'Explicit deny from SCP / permissions boundary / session policy',
    section: 'Management role (account A)',
    symptom:
      'AccessDenied on `sts:AssumeRole` with `… with an explicit deny in a service control policy` (or `permissions boundary`),\neven though both policies look correct. Typical SCPs: deny STS outside approved regions, deny AssumeRole to accounts outside the org,\nrequire `aws:PrincipalTag`/`sts:SourceIdentity`.',
    detection:
      'text parse of the AccessDenied reason; `iam:GetRole` → `PermissionsBoundary` present ⇒ include in simulation;\nSCPs need `organizations:ListPoliciesForTarget`/`DescribePolicy` (management account) — usually report "possible SCP" instead.\nCloudTrail `AssumeRole` events with `errorCode=AccessDenied` in both accounts give the authoritative reason.',
    evidence:
      'IAM "explicit vs implicit deny" doc; re:Post KC [iam-explicit-deny-errors](https://www.repost.aws/knowledge-center/iam-explicit-deny-errors);\n`sts:SetSourceIdentity` requirement example [noqdev/iambic#357](https://github.com/noqdev/iambic/issues/357).',
    confidence: 'D (mechanism) / I (frequency in Argo CD setups).',
  },
  {
    id: 'FM-3.1',
    title: 'Deployer trust policy does not trust the management role (or trusts a stale principal)',
    section: 'Deployer role (account B) and STS region/partition',
    symptom:
      'same AccessDenied as FM-2.1 (when AWS adds denial context it may name the resource-based/trust policy).',
    cause:
      'principal is the wrong account/role, an **assumed-role session ARN** (`arn:aws:sts::A:assumed-role/...` never\nmatches future sessions), a path-mismatched role ARN, or the management role was deleted and recreated — IAM then shows the\nold unique ID (`AROA…`) in the trust policy and it no longer matches.',
    detection:
      '`iam:GetRole(deployer)` (needs a read role in B, or read via the deployer session itself) → for each Allow statement\nwith `sts:AssumeRole`: principal equals mgmt role ARN, or account root + `aws:PrincipalArn` condition matching; flag\n`AROA…`-style principals and `:assumed-role/` principals. Compare `iam:GetRole(mgmt).Role.RoleId` if trust uses IDs.',
    fix: 'correct principal; re-save trust policy after recreating roles.',
    evidence:
      'Argo CD docs "Cluster Role Trust Policies"; recreated-role trust gotcha:\n[Hacking-the-Cloud/hackingthe.cloud#462](https://github.com/Hacking-the-Cloud/hackingthe.cloud/pull/462) ("why recreating an IAM role doesn\'t restore trust").',
    confidence: 'D.',
  },
  {
    id: 'FM-3.2',
    title: 'Pod Identity: deployer trust (or mgmt policy) lacks `sts:TagSession` — transitive session tags',
    section: 'Deployer role (account B) and STS region/partition',
    symptom:
      '`User: arn:aws:sts::A:assumed-role/<mgmt>/… is not authorized to perform: sts:TagSession on resource: arn:aws:iam::B:role/<deployer>`\n— reads like a tagging problem, not a credentials problem. Same policies work with IRSA and break when switching to Pod Identity.',
    cause:
      '"All of the session tags that are added by EKS Pod Identity are transitive; the tag keys and values are passed to\nany AssumeRole actions that your workloads use to switch roles into another account." The chained AssumeRole therefore needs\n`sts:TagSession` on both sides (or association `disableSessionTags: true`). Also: heavy custom tags can hit\n`PackedPolicyTooLargeException` because Pod Identity tags already consume much of the packed size.',
    detection:
      'hub uses Pod Identity (FM-1.10 data) ⇒ require `sts:TagSession` in deployer trust Allow actions and in mgmt identity\npolicy (simulation). Check association `disableSessionTags`.',
    evidence:
      'EKS doc `pod-id-abac` "Cross-account tags"; Argo CD docs Pod Identity trust/permission examples (include\n`sts:TagSession`); [argo-cd#17064](https://github.com/argoproj/argo-cd/issues/17064) (AWS PM\'s working example includes TagSession);\n[terrapod#1546](https://github.com/mattrobinsonsre/terrapod/pull/1546) (symptom write-up, "looks intermittent" across accounts);\n[configure-aws-credentials#54](https://github.com/aws-actions/configure-aws-credentials/issues/54);\n[containers-roadmap#2413](https://github.com/aws/containers-roadmap/issues/2413) (packed size).',
    confidence: 'D.',
  },
  {
    id: 'FM-3.3',
    title: 'Trust conditions argocd-k8s-auth cannot satisfy (ExternalId, MFA, SourceIdentity)',
    section: 'Deployer role (account B) and STS region/partition',
    symptom: 'AccessDenied on AssumeRole although principal/action are right.',
    cause:
      '`argocd-k8s-auth aws` accepts only `--cluster-name`, `--role-arn`, `--profile`; it sets no ExternalId,\nSourceIdentity, session tags or MFA. A trust policy requiring `sts:ExternalId` cannot be met (upstream aws-iam-authenticator\nhad the same gap).',
    detection:
      'static: deployer trust statements with conditions on `sts:ExternalId`, `aws:MultiFactorAuthPresent`,\n`sts:SourceIdentity`, `aws:RequestTag/*` (unless Pod Identity tags satisfy them) ⇒ error.',
    fix: 'remove the condition for this principal, or use `execProviderConfig` with a wrapper that supports it.',
    evidence:
      'argo-cd `cmd/argocd-k8s-auth/commands/aws.go` @ 37ee0097 (flags; `stscreds.NewAssumeRoleProvider(client, roleARN)` with no options);\n[aws-iam-authenticator#209](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/209), [aws-cli#4053](https://github.com/aws/aws-cli/issues/4053).',
    confidence: 'D (code) / I (not seen reported against Argo CD).',
  },
  {
    id: 'FM-3.4',
    title: 'STS regional endpoint deactivated in account B for the region Argo CD calls',
    section: 'Deployer role (account B) and STS region/partition',
    symptom:
      '`RegionDisabledException: STS is not activated in this region for account:<B>. Your account administrator can activate STS in this region using the IAM Console.`',
    cause:
      'with regional STS (default for IRSA pods on current EKS; always with Argo CD ≥3.4 SDK v2), AssumeRole for the\ndeployer goes to `sts.<hub-region>.amazonaws.com`. The **account that owns the role being assumed (B)** must have STS active in\nthat region (for opt-in regions, both accounts).',
    detection:
      'parse error; there is no simple read API for per-region activation — treat the error text as authoritative and\ntell the user which account/region to activate.',
    evidence:
      'IAM doc "Manage AWS STS in an AWS Region" (worked example: account B must activate us-west-2 for a request from A);\n[steampipe-plugin-aws#1510](https://github.com/turbot/steampipe-plugin-aws/issues/1510), [swabbie#666](https://github.com/spinnaker/swabbie/pull/666).',
    confidence: 'D.',
  },
  {
    id: 'FM-3.5',
    title: 'Global-endpoint tokens, opt-in regions, and partitions (China / GovCloud)',
    section: 'Deployer role (account B) and STS region/partition',
    symptom:
      '`InvalidClientTokenId: The security token included in the request is invalid` (or signature-scope errors).',
    cause:
      "\n- Session tokens from the global endpoint are v1 by default and invalid in opt-in regions (`GlobalEndpointTokenVersion`).\n- In China (and GovCloud), calls without a region fall back to the commercial global endpoint with partition credentials →\n  InvalidClientTokenId; EKS docs tell China users to set `AWS_DEFAULT_REGION`.\n- IAM is per-partition: a hub in `aws` cannot assume a role in `aws-cn`/`aws-us-gov`; the spoke's authenticator only accepts\n  STS hostnames of its own partition.",
    detection:
      'region→partition of hub and spoke must match; `iam:GetAccountSummary` → `SummaryMap.GlobalEndpointTokenVersion`\nin A and B when any global-endpoint use is detected and an opt-in region is involved; pod env `AWS_REGION` present.',
    evidence:
      'IAM doc above + `SetSecurityTokenServicePreferences` API doc; [pulumi-aws#2406](https://github.com/pulumi/pulumi-aws/issues/2406)\n(ap-southeast-4 failure), [okta-aws-cli#117](https://github.com/okta/okta-aws-cli/issues/117); EKS troubleshooting doc\n"InvalidClientTokenId" (China + `AWS_DEFAULT_REGION`); [aws-sdk-js-v3#5755](https://github.com/aws/aws-sdk-js-v3/issues/5755) (GovCloud);\npartition-scoped host list in `aws-iam-authenticator` `pkg/token/token.go` (`stsHostsForPartition`) and\n[aws-iam-authenticator#341](https://github.com/kubernetes-sigs/aws-iam-authenticator/pull/341).',
    confidence: 'D.',
  },
  {
    id: 'FM-3.6',
    title: 'Pod Identity session tags exhaust the packed-policy size on the chained AssumeRole',
    section: 'Deployer role (account B) and STS region/partition',
    symptom:
      '`PackedPolicyTooLarge: Packed policy consumes N% of allotted space` on the AssumeRole into the deployer role, for some clusters or service accounts only (long names).',
    cause:
      'all six Pod Identity session tags are transitive, so every chained AssumeRole carries them; STS packs them with any session policy into a binary form with its own limit. A Pod Identity session alone measured 74% of it.',
    detection:
      'estimate the packed size from the tag text (cluster ARN, namespace, service account, pod name and UID) scaled to the measured 74%; warn when the headroom left for session policies and further tags is small.',
    fix: 'set `disableSessionTags` on the association when no policy reads `aws:PrincipalTag/kubernetes-*`, or shorten the names.',
    evidence:
      'EKS doc `pod-id-abac`; [containers-roadmap#2413](https://github.com/aws/containers-roadmap/issues/2413) (74% measured). AWS does not publish the packing: an estimate.',
    confidence: 'R / I.',
  },
  {
    id: 'FM-4.1',
    title: '`awsAuthConfig.clusterName` ≠ real EKS cluster name',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom:
      'Argo CD shows `Unauthorized`; authenticator (spoke) logs `sts getCallerIdentity failed: … SignatureDoesNotMatch`.',
    cause:
      'the authenticator re-sends the presigned request with *its* cluster name in `x-k8s-aws-id`; any difference\n(cluster ARN instead of name, name from another cluster, typo, case) breaks the signature. "The only possible way to get this\nerror message on the server is if different values for `x-k8s-aws-id` were used between token creation versus verification."',
    detection:
      "`eks:DescribeCluster(name=clusterName)` in B must succeed and its `endpoint` must equal the Secret's `server`;\nflag `clusterName` starting with `arn:`.",
    evidence:
      '[kops#9750](https://github.com/kubernetes/kops/issues/9750) (quote above), [aws-iam-authenticator#130](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/130)\n("I was using the wrong ClusterID"); verifier code sets `req.Header.Set(clusterIDHeader, v.clusterID)` (`pkg/token/token.go`).',
    confidence: 'D.',
  },
  {
    id: 'FM-4.2',
    title: 'Token generation failure masked as a timeout (exit code 20)',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    notes:
      'See §0. Root causes are in links 1–3 and FM-4.3/4.4. **Detect:** run the plugin with the same args/identity (probe, §8) and\nsurface its stderr; alternatively grep controller/server logs for `timeout while trying to get signed aws request`.',
    evidence:
      '[terraform-provider-argocd#194](https://github.com/argoproj-labs/terraform-provider-argocd/issues/194),\n[argo-cd#27906](https://github.com/argoproj/argo-cd/issues/27906); retry added in [argo-cd#9618](https://github.com/argoproj/argo-cd/pull/9618).',
    confidence: 'D.',
  },
  {
    id: 'FM-4.3',
    title: 'STS endpoint unreachable from the hub pods (private subnets, global endpoint, proxies)',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom:
      '`Post "https://sts.amazonaws.com/": dial tcp …:443: i/o timeout` (inside the plugin ⇒ exit code 20).',
    cause:
      "no NAT/egress and only a **regional** STS interface endpoint, while something uses the **global** endpoint\n(SDK v1 default without `AWS_STS_REGIONAL_ENDPOINTS=regional`; SA annotated `eks.amazonaws.com/sts-regional-endpoints=false`;\nold EKS platform versions); egress proxy without `NO_PROXY`. EKS observed Argo CD's application-controller calling the global\nendpoint ([argo-cd#20375](https://github.com/argoproj/argo-cd/issues/20375), pre-3.4).",
    detection:
      'pod env `AWS_STS_REGIONAL_ENDPOINTS`, `AWS_REGION`, proxies; `ec2:DescribeVpcEndpoints` for\n`com.amazonaws.<region>.sts` in the hub VPC (private DNS enabled); in-pod TCP probe to `sts.<region>.amazonaws.com:443`\n(and `sts.amazonaws.com:443` if SDK v1).',
    evidence:
      'EKS doc `configure-sts-endpoint` (default regional on ≥1.25 platform versions; annotation);\n[aws-controllers-k8s/community#1040](https://github.com/aws-controllers-k8s/community/issues/1040),\n[aws-ebs-csi-driver#609](https://github.com/kubernetes-sigs/aws-ebs-csi-driver/issues/609),\n[external-dns#1470](https://github.com/kubernetes-sigs/external-dns/issues/1470), [containers-roadmap#586](https://github.com/aws/containers-roadmap/issues/586).',
    confidence: 'D/R.',
  },
  {
    id: 'FM-4.4',
    title: 'Region missing or mis-scoped (SDK v2 in Argo CD ≥ 3.4; explicit global endpoints)',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom:
      'plugin error `failed to resolve service endpoint, endpoint rule error, Invalid Configuration: Missing Region`\n(SDK v2), or `SignatureDoesNotMatch: Credential should be scoped to a valid region`.',
    cause:
      'argocd-k8s-auth has no `--region`; region must come from env/profile. SDK v1 silently used the global endpoint\nwhen no region was set; SDK v2 fails. Pods without the IRSA webhook\'s injected `AWS_REGION` (execProviderConfig with static\nkeys, profile-based auth, non-EKS hubs, possibly Pod-Identity-only pods — verify per cluster) are affected after upgrading to 3.4.\nThe "scoped to a valid region" variant appears when code targets the global endpoint but signs with a regional scope.',
    detection:
      'Argo CD version ≥ v3.4.0 and pod/ExecProvider env lacks `AWS_REGION`/`AWS_DEFAULT_REGION` and profile has no region ⇒ error.',
    fix: 'set `AWS_REGION` on controller/server (or in `execProviderConfig.env`).',
    evidence:
      '[argo-cd#11207](https://github.com/argoproj/argo-cd/issues/11207) (no region flag); SDK v2 behaviour:\n[aws-sdk-go-v2#2846](https://github.com/aws/aws-sdk-go-v2/issues/2846) (maintainer shows `Invalid Configuration: Missing Region`, v1 used global);\nmigration commit 7925bf7 "migrated aws sdk v1 to v2 for EKS with argocd-k8s-auth (#26200)" (tag v3.4.0);\nEKS IAM troubleshooting "Credential should be scoped to a valid region"; [terraform-provider-aws#35860](https://github.com/hashicorp/terraform-provider-aws/pull/35860).',
    confidence: 'D (mechanism) / I (that this caused specific Argo CD outages).',
  },
  {
    id: 'FM-4.5',
    title: 'Clock skew on hub nodes',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom:
      "`Unauthorized`; authenticator: `input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) …`;\nSTS calls: `Signature expired: <t> is now earlier than <t'> (… - 15 min.)`.",
    detection:
      'compare pod/node time with the `Date` header of any AWS HTTPS response (e.g. unauthenticated GET to STS); flag |Δ| > 60 s;\ndecode token and compare `X-Amz-Date` with now.',
    evidence:
      'expiry check in `aws-iam-authenticator` `pkg/token/token.go`; [EngineerBetter/control-tower#51](https://github.com/EngineerBetter/control-tower/issues/51).',
    confidence: 'D (mechanism) / I (in Argo CD context).',
  },
  {
    id: 'FM-4.6',
    title: 'Token/credential lifetime and caching',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom: 'intermittent `Unauthorized` roughly every 15 min (older stacks), or after long syncs.',
    cause:
      'presigned URL valid 15 min after `X-Amz-Date`; clients that cache tokens without honoring `expirationTimestamp`\nfail. Historic Argo CD case traced to aws-iam-authenticator v0.3.0; old `aws eks get-token` omitted expirationTimestamp.\nModern argocd-k8s-auth sets a 14-min expiry and client-go refreshes on 401 — remaining risk is custom `execProviderConfig` commands.',
    detection:
      'for `execProviderConfig`, run the command and verify `status.expirationTimestamp` present and < 15 min.',
    evidence:
      '[argo-cd#924](https://github.com/argoproj/argo-cd/issues/924) (+ fix [argo-cd#948](https://github.com/argoproj/argo-cd/pull/948)),\n[aws-cli#4182](https://github.com/aws/aws-cli/issues/4182), [aws-iam-authenticator#590](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/590),\n[argo-cd#11134](https://github.com/argoproj/argo-cd/issues/11134) (exec creds cached).',
    confidence: 'R.',
  },
  {
    id: 'FM-4.7',
    title: 'Non-canonical presign (custom generators — including the doctor itself)',
    section: 'EKS auth token (argocd-k8s-auth presign)',
    symptom:
      '`Unauthorized` with a token that "looks" valid; authenticator gets `SignatureDoesNotMatch` or rejects params\n(`non-whitelisted query parameter`, `client did not sign the x-k8s-aws-id header`).',
    cause:
      'signing extra headers (e.g. `amz-sdk-request` added by newer aws-sdk-go-v2 middleware), not signing\n`x-k8s-aws-id`, wrong `X-Amz-Expires` (must be 0–900), base64 padding, or hosts outside the partition list. Argo CD\'s own\nv2 migration had to use `PresignOptions.ClientOptions + SetHeaderValue` "so the canonical request matches what EKS sends".',
    notes:
      'Doctor note (TypeScript): if the tool mints tokens with AWS SDK for JS v3, sign only `host;x-k8s-aws-id`, query\n`Action=GetCallerIdentity&Version=2011-06-15`, `X-Amz-Expires=60`, base64url without padding; validate locally with the same\nrules as `token.go` `Verify()` before use.\nWatch item: [argo-cd#24876](https://github.com/argoproj/argo-cd/issues/24876) "ArgoCD cannot access EKS cluster after upgrade\nto 1.34" (`failed to discover server resources for group version v1: Unauthorized`) — open, no root cause in the stored thread.',
    evidence:
      '[eksctl#7486](https://github.com/eksctl-io/eksctl/issues/7486)/[#7487](https://github.com/eksctl-io/eksctl/pull/7487),\n[aws-sdk-go-v2#1922](https://github.com/aws/aws-sdk-go-v2/issues/1922), [aws-sdk-js-v3#2331](https://github.com/aws/aws-sdk-js-v3/issues/2331)\n(JS SignatureV4 presign recipe), [mhart/aws4#108](https://github.com/mhart/aws4/issues/108); argo-cd `aws.go` comment @ 37ee0097.',
    confidence: 'D/R.',
  },
  {
    id: 'FM-5.1',
    title: "Authentication mode doesn't match the mechanism used",
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom:
      "creating access entries fails: `The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.`;\nor aws-auth edits have no effect (mode `API` ignores the ConfigMap) ⇒ `Unauthorized`.",
    detection:
      '`eks:DescribeCluster(spoke).cluster.accessConfig.authenticationMode`: `CONFIG_MAP` ⇒ only aws-auth counts;\n`API` ⇒ only access entries count; `API_AND_CONFIG_MAP` ⇒ both (entries win). Mode changes are one-way\n(CONFIG_MAP → API_AND_CONFIG_MAP → API).',
    evidence:
      '[terraform-aws-eks#3048](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3048); EKS doc\n`setting-up-access-entries` ("can\'t change the authentication mode back"); EKS workshop "Managing cluster access".',
    confidence: 'D.',
  },
  {
    id: 'FM-5.2',
    title: 'No mapping for the identity that actually signed the token',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom:
      '`Unauthorized` / `the server has asked for the client to provide credentials`; authenticator log `ARN is not mapped: …`.',
    cause:
      'the mapped principal must be the **final** identity in the token: the deployer role if `roleARN` is set,\notherwise the management role (or whatever FM-1.8 resolved to). Common mistakes: mapping the management role but setting\n`roleARN`; mapping the deployer but omitting `roleARN`; entry on a different cluster.',
    detection:
      'decode token → call the presigned URL (§8) → `GetCallerIdentity.Arn` (e.g. `arn:aws:sts::B:assumed-role/deployer/…`);\ncanonicalize to the role ARN; `eks:DescribeAccessEntry(cluster, principalArn)` must exist (API modes) or aws-auth\n`mapRoles[].rolearn` must match (CONFIG_MAP modes; requires a k8s read of `kube-system/aws-auth` with some working identity).',
    evidence:
      '[argo-cd#3941](https://github.com/argoproj/argo-cd/issues/3941) and [argo-cd#2347](https://github.com/argoproj/argo-cd/issues/2347)\n(`REST config invalid: the server has asked for the client to provide credentials`); EKS troubleshooting "Unauthorized or access denied (kubectl)";\nre:Post [eks-troubleshoot-iam-issues](https://www.repost.aws/knowledge-center/eks-troubleshoot-iam-issues) (lists both error strings);\ndirect mgmt-role mapping pattern: [argo-cd#2347 comment](https://github.com/argoproj/argo-cd/issues/2347) ("irsa role A -> remote cluster B").',
    confidence: 'D.',
  },
  {
    id: 'FM-5.3',
    title: 'Wrong ARN form: session ARN, role path, partition',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    cause:
      'access entries need the IAM role ARN — STS session ARNs are rejected ("You can\'t use the STS session principal\ntype with access entries"). Role **paths**: allowed in access entries, **must be removed** in aws-auth `rolearn`\n(authenticator canonicalizes assumed-role ARNs without the path). Lower-cased comparison in the authenticator.',
    detection:
      'static: aws-auth `rolearn` containing `:role/<x>/<y>` ⇒ error; access entry principal containing `:assumed-role/` ⇒ error;\ncompare with `iam:GetRole(...).Role.Path`.',
    evidence:
      'EKS doc `creating-access-entries` ("If the ARN is for an IAM role, it can include a path. ARNs in aws-auth ConfigMap entries, can\'t");\nEKS `CreateAccessEntry` API doc (STS session principal not allowed); [aws-iam-authenticator#268](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/268),\n[#98](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/98), [#153](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/153);\nEKS IAM troubleshooting "aws-auth ConfigMap does not grant access to the cluster".',
    confidence: 'D.',
  },
  {
    id: 'FM-5.4',
    title: 'Role deleted and recreated with the same name → access entry silently dead',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom: '`Unauthorized` although `ListAccessEntries` shows the right ARN.',
    cause: "EKS stores the principal's unique `roleID` with the entry; a recreated role has a new ID.",
    detection:
      '`iam:GetRole(deployer).Role.CreateDate` > `eks:DescribeAccessEntry(...).accessEntry.createdAt` ⇒ flag\n"access entry predates role; recreate entry". (Same heuristic for trust policies showing `AROA…`, FM-3.1.)',
    fix: 'delete and recreate the access entry (+ policy associations).',
    evidence:
      'EKS doc `creating-access-entries` (explicit warning); [terraform-aws-eks#3329](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3329);\n[containers-roadmap#2441](https://github.com/aws/containers-roadmap/issues/2441).',
    confidence: 'D.',
  },
  {
    id: 'FM-5.5',
    title: 'Authenticated but not authorized (no access policy, or groups without RBAC)',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom:
      '`Forbidden`: `User "arn:aws:sts::<B>:assumed-role/<deployer>/<session>" cannot list resource "…" … at the cluster scope`;\nArgo CD cluster state `Failed` with `failed to sync cluster …: … forbidden`.',
    cause:
      'STANDARD entry created with no associated access policy and no `kubernetesGroups`, or groups that no\n(Cluster)RoleBinding references — "Amazon EKS doesn\'t confirm that any Kubernetes RBAC objects … include any of the group names".',
    detection:
      '`eks:ListAssociatedAccessPolicies`; if empty, list `kubernetesGroups` and (with spoke read access) check\nClusterRoleBindings/RoleBindings whose subjects include those groups; with the real token run\n`SelfSubjectRulesReview`/`SelfSubjectAccessReview` (list/watch `*` cluster-wide).',
    evidence:
      'EKS doc `creating-access-entries` (IMPORTANT note on groups; default username `arn:aws:sts::…:assumed-role/<role>/{{SessionName}}`);\nre:Post [eks-troubleshoot-rbac-errors](https://www.repost.aws/knowledge-center/eks-troubleshoot-rbac-errors).',
    confidence: 'D.',
  },
  {
    id: 'FM-5.6',
    title: "Access policy scope too narrow for Argo CD's cluster cache",
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom:
      'cluster connection `Failed` with forbidden errors on cluster-scoped kinds (CRDs, namespaces, ClusterRoles) or\nnamespaces outside the scope; apps with cluster-scoped resources fail to sync.',
    cause:
      '`AmazonEKSAdminPolicy`/`AmazonEKSEditPolicy` or a `namespace`-type access scope; Argo CD by default watches all\nnamespaces and cluster-scoped resources unless the cluster Secret sets `namespaces` / `clusterResources`.',
    detection:
      'associated policy ARNs + `accessScope.type`; compare with cluster Secret `namespaces`/`clusterResources` fields;\n`SelfSubjectAccessReview` for `list` on `customresourcedefinitions`, `namespaces`.',
    fix: '`AmazonEKSClusterAdminPolicy` with `type=cluster` (Argo CD docs), or restrict the Argo CD cluster to matching namespaces.',
    evidence:
      'EKS doc `access-policy-reference` (AdminPolicy "access scope is typically one or more Kubernetes namespaces";\nClusterAdminPolicy `*`/`*`/`*`); Argo CD declarative-setup (access entry example; cluster Secret `namespaces`, `clusterResources`).',
    confidence: 'D (policy semantics) / I (exact Argo CD error text).',
  },
  {
    id: 'FM-5.7',
    title: 'aws-auth ConfigMap malformed',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom: '`Unauthorized` for the deployer (sometimes for everyone).',
    cause:
      'key case (`rolearn`, not `roleARN`), YAML formatting (blank lines, `|-`, quoting) making the list unparseable,\nentries overwritten by IaC.',
    detection:
      'parse `data.mapRoles` with a strict YAML parser; keys must be `rolearn|username|groups`; each `rolearn` valid ARN without path.',
    evidence:
      '[aws-iam-authenticator#312](https://github.com/kubernetes-sigs/aws-iam-authenticator/issues/312),\n[terraform-aws-eks#579](https://github.com/terraform-aws-modules/terraform-aws-eks/issues/579),\n[opstrace#112](https://github.com/opstrace/opstrace/pull/112), [aws-iam-authenticator#607](https://github.com/kubernetes-sigs/aws-iam-authenticator/pull/607);\nre:Post RBAC KC ("Malformed entries can lead to lockout").',
    confidence: 'R.',
  },
  {
    id: 'FM-5.8',
    title: 'Eventual consistency right after provisioning',
    section: 'Spoke authentication mapping and authorization (access entries / aws-auth / RBAC)',
    symptom: 'first connection attempts fail, later succeed without changes.',
    cause:
      'access entries, policy associations and Pod Identity associations are eventually consistent ("may take several seconds").',
    detection:
      'doctor should retry live probes with backoff for ~30 s before reporting, and report "recently modified" resources.',
    evidence: 'EKS docs `creating-access-entries`, `pod-identities.adoc` considerations.',
    confidence: 'D.',
  },
  {
    id: 'FM-6.1',
    title: 'Private-only endpoint without a routed path / SG rule',
    section: 'Network and TLS (hub pods → spoke API server)',
    symptom:
      '`Get "https://<id>.gr7.<region>.eks.amazonaws.com/version?timeout=32s": dial tcp 10.x.x.x:443: i/o timeout`.',
    cause:
      '`endpointPublicAccess=false`; hub VPC lacks peering/TGW routes to the spoke VPC, or the spoke **cluster\nsecurity group** lacks inbound 443 from the hub CIDRs. (Private-only endpoints resolve via public DNS to private IPs, so DNS\nusually works and the failure is TCP.)',
    detection:
      '`eks:DescribeCluster.resourcesVpcConfig` (`endpointPublicAccess`, `endpointPrivateAccess`, `clusterSecurityGroupId`,\n`securityGroupIds`, `vpcId`); `ec2:DescribeSecurityGroups` for 443 ingress covering hub CIDRs/prefix lists;\n`ec2:DescribeRouteTables`/`DescribeTransitGatewayRouteTables` (or just an in-pod TCP connect probe — cheaper and definitive).',
    evidence:
      'EKS doc `cluster-endpoint.adoc` (connected network; "control plane security group contains rules to allow ingress\ntraffic on port 443 from your connected network"); [eksctl#7929](https://github.com/eksctl-io/eksctl/issues/7929),\n[containers-roadmap#1804](https://github.com/aws/containers-roadmap/issues/1804) (Argo CD cross-account/region private API access).',
    confidence: 'D.',
  },
  {
    id: 'FM-6.2',
    title: "Public+private endpoint with `publicAccessCidrs` that exclude the hub's egress IPs",
    section: 'Network and TLS (hub pods → spoke API server)',
    symptom: 'timeouts to public IPs of the endpoint; works only with `0.0.0.0/0`.',
    cause:
      'outside the spoke VPC the endpoint name resolves to **public** IPs even when private access is on; traffic\nleaves via the hub NAT gateways, whose EIPs must be in `publicAccessCidrs`.',
    detection:
      'resolve the endpoint from inside a hub pod (public vs RFC1918); if public, compare hub NAT EIPs\n(`ec2:DescribeNatGateways` in A) with `publicAccessCidrs`.',
    evidence:
      '[gitops-bridge#79](https://github.com/gitops-bridge-dev/gitops-bridge/issues/79) ("Argocd break in multi-cluster when\nwhitelisting public ip … Why argocd keep using public endpoint though private endpoint is enable?"); EKS doc `cluster-endpoint.adoc`\n(CIDRs must include egress sources; clients outside the VPC resolve to public IPs when both are enabled).',
    confidence: 'R/D.',
  },
  {
    id: 'FM-6.3',
    title: 'Wrong `server` URL / DNS',
    section: 'Network and TLS (hub pods → spoke API server)',
    symptom: '`no such host`, TLS name mismatch, or connecting to a different cluster.',
    detection:
      'Secret `server` must equal `eks:DescribeCluster.endpoint` exactly (scheme `https`, no path, no trailing slash);\nin-pod DNS lookup.',
    evidence:
      'EKS private-DNS history: AWS blog "Enabling DNS resolution for Amazon EKS cluster endpoints" (now automatic);\ntrailing-slash mismatch [argo-cd#3993](https://github.com/argoproj/argo-cd/issues/3993) (fixed by [#4037](https://github.com/argoproj/argo-cd/pull/4037)).',
    confidence: 'D.',
  },
  {
    id: 'FM-6.4',
    title: '`caData` wrong (not PEM, double base64, wrong cluster) or `insecure` toggled',
    section: 'Network and TLS (hub pods → spoke API server)',
    symptom:
      '`Unable to apply K8s REST config defaults: unable to load root certificates: unable to parse bytes as PEM block` or\n`x509: certificate signed by unknown authority`.',
    cause:
      '`tlsClientConfig.caData` must be base64 of the PEM (= EKS `certificateAuthority.data` verbatim); users base64\ntwice (Terraform `base64encode`) or decode it first, or copy from another cluster.',
    detection:
      'base64-decode `caData` → must start with `-----BEGIN CERTIFICATE-----` and parse as X.509; compare byte-for-byte with\n`eks:DescribeCluster.certificateAuthority.data`; optional TLS handshake from a hub pod verifying with that CA.',
    evidence:
      '[terraform-provider-argocd#311](https://github.com/argoproj-labs/terraform-provider-argocd/issues/311),\n[#158](https://github.com/argoproj-labs/terraform-provider-argocd/issues/158), [#114](https://github.com/argoproj-labs/terraform-provider-argocd/issues/114),\n[argo-cd#7429](https://github.com/argoproj/argo-cd/issues/7429).',
    confidence: 'R.',
  },
  {
    id: 'FM-6.5',
    title: 'Egress proxy in front of Argo CD',
    section: 'Network and TLS (hub pods → spoke API server)',
    symptom: 'timeouts/407 to the EKS endpoint, STS, or the Pod Identity agent.',
    cause:
      '`HTTPS_PROXY` set on controller/server without `NO_PROXY` for `.eks.amazonaws.com`, STS VPC endpoint hosts, and\n`169.254.170.23`; or need for per-cluster `proxyUrl` (cluster Secret) when the spoke is only reachable via a proxy.',
    detection: 'pod env; cluster Secret `config.proxyUrl`.',
    evidence:
      'EKS Pod Identity considerations (no_proxy); [argo-cd#6043](https://github.com/argoproj/argo-cd/issues/6043),\n[argo-cd#20374](https://github.com/argoproj/argo-cd/pull/20374) (per-cluster proxy); Argo CD declarative-setup (`proxyUrl` field).',
    confidence: 'D/I.',
  },
  {
    id: 'FM-7.1',
    title: '`argocd-k8s-auth` (or the exec command) not in the image',
    section: 'Argo CD configuration and runtime',
    symptom:
      '`getting credentials: exec: executable argocd-k8s-auth not found` / `exec: executable aws not found … It looks like you are trying to use a client-go credential plugin that is not installed`.',
    cause:
      'third-party images without the symlink (Bitnami; OpenShift GitOps before 1.11.4), or `execProviderConfig`\npointing at `aws`/`aws-iam-authenticator` not installed.',
    detection:
      'exec `command -v argocd-k8s-auth` in controller and server containers; image repo not `quay.io/argoproj/argocd` ⇒ warn.',
    evidence:
      '[bitnami/containers#55502](https://github.com/bitnami/containers/issues/55502), [openshift-docs#75485](https://github.com/openshift/openshift-docs/pull/75485)\n(GITOPS-4226), [argo-cd#11048](https://github.com/argoproj/argo-cd/issues/11048).',
    confidence: 'R.',
  },
  {
    id: 'FM-7.2',
    title: 'Only some components have AWS identity',
    section: 'Argo CD configuration and runtime',
    symptom:
      'syncs work but UI logs/live manifests/resource actions/terminal fail, or `argocd cluster add` fails with\n`REST config invalid: the server has asked for the client to provide credentials` / `error getting server version`; or the\nreverse (server fine, controller `exit code 20`).',
    cause:
      '`argocd-server` builds REST configs for app resources, logs, terminal, server-side diff and cluster create\n(calls `GetServerVersion`); the controller does cache sync/sync. Both need the identity. The ApplicationSet controller needs\nAWS only for AWS-backed generators (e.g. CodeCommit SCM provider), not for spoke API calls (no REST-config use under\n`applicationset/` @ 37ee0097) — docs still list it for the trust policy.',
    detection: 'FM-1.1/1.10 checks for *each* of controller and server; show which component lacks identity.',
    evidence:
      '`server/application/application.go` (`getApplicationClusterConfig`), `server/application/terminal.go`,\n`server/cluster/cluster.go` (`Create` → `GetServerVersion`) @ 37ee0097; [argo-helm#371](https://github.com/argoproj/argo-helm/pull/371)\n("server is required for the argocd cli activity and Controller for the sync"); [argo-cd#27906](https://github.com/argoproj/argo-cd/issues/27906);\n[argo-cd#17063](https://github.com/argoproj/argo-cd/pull/17063) (why appset needs AWS).',
    confidence: 'D.',
  },
  {
    id: 'FM-7.3',
    title: 'Cluster Secret shape errors',
    section: 'Argo CD configuration and runtime',
    symptom:
      'cluster not listed, `cluster "<url>" not found` for Applications, or unexpected in-cluster credentials used.',
    cause:
      "missing label `argocd.argoproj.io/secret-type: cluster`; Secret outside Argo CD's namespace; invalid JSON in\n`config`; `server` mismatch with Application `destination.server` (trailing slash, typo like `https//`); `name` vs `server`\nconfusion; both `awsAuthConfig` and `execProviderConfig`/`bearerToken` set (awsAuthConfig wins in `RawRestConfig`).",
    detection:
      'list Secrets by label in the Argo CD namespace and Secrets *without* the label whose data has `server`+`config`;\nJSON-parse `config`; cross-check every Application destination resolves to exactly one Secret.',
    evidence:
      'Argo CD declarative-setup (cluster Secret spec); [argo-cd#3993](https://github.com/argoproj/argo-cd/issues/3993),\n[argo-cd#14752](https://github.com/argoproj/argo-cd/issues/14752); precedence in `pkg/apis/application/v1alpha1/types.go` `RawRestConfig`.',
    confidence: 'D.',
  },
  {
    id: 'FM-7.4',
    title: '"Unknown" connection status is not a failure',
    section: 'Argo CD configuration and runtime',
    symptom: 'cluster shows `Unknown` with `Cluster has no applications and is not being monitored.`',
    cause:
      'the controller only builds a cluster cache for clusters with Applications; no app ⇒ no connection attempt.',
    notes: 'Doctor implication: do not treat Unknown as pass/fail; run an active probe (§8).',
    evidence:
      '`controller/clusterinfoupdater.go` @ 37ee0097; user confusion in [argo-cd#17064](https://github.com/argoproj/argo-cd/issues/17064) comments.',
    confidence: 'D.',
  },
  {
    id: 'FM-7.5',
    title: '`execProviderConfig` API version / output mismatch',
    section: 'Argo CD configuration and runtime',
    symptom:
      '`getting credentials: decoding stdout: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1"` or\n`exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, plugin returned version client.authentication.k8s.io/__internal`.',
    cause: 'v1alpha1 removed from client-go; plugin emits a different apiVersion than configured.',
    detection:
      'static: `execProviderConfig.apiVersion` must be `client.authentication.k8s.io/v1beta1` (or v1); run the command and parse output.',
    evidence:
      '[aws-ia/terraform-aws-eks-blueprints#1725](https://github.com/aws-ia/terraform-aws-eks-blueprints/issues/1725),\n[argo-cd#6749](https://github.com/argoproj/argo-cd/issues/6749).',
    confidence: 'R.',
  },
  {
    id: 'FM-7.6',
    title: '`awsAuthConfig.profile` misuse',
    section: 'Argo CD configuration and runtime',
    symptom: 'plugin error loading shared config/profile; works on one component, not the other.',
    cause:
      "`--profile` is passed to the SDK as a **profile name** (`config.WithSharedConfigProfile(profile)`; v1:\n`session.Options{Profile: profile}`), while the docs example shows a file path; the credentials file must be mounted at the\nSDK's default path (or `AWS_SHARED_CREDENTIALS_FILE`/`AWS_CONFIG_FILE` set) in **both** controller and server; Secret-mounted\nfiles rotate on kubelet sync interval.",
    detection: '`profile` containing `/` ⇒ warn; check mounts/env in both pods.',
    evidence:
      '`cmd/argocd-k8s-auth/commands/aws.go` @ 37ee0097 and commit d9df252; PR [argo-cd#16767](https://github.com/argoproj/argo-cd/pull/16767)\n(tested by mounting `/home/argocd/.aws/credentials`); [argo-cd#19852](https://github.com/argoproj/argo-cd/issues/19852) (which components need the mount);\nArgo CD docs "Using An AWS Profile For Authentication".',
    confidence: 'D (code) / I (docs/code mismatch impact).',
  },
  {
    id: 'FM-7.7',
    title: 'Version-dependent behaviour',
    section: 'Argo CD configuration and runtime',
    notes:
      'Pod Identity needs Argo CD ≥ 2.10 ([argo-cd#17064](https://github.com/argoproj/argo-cd/issues/17064)).\n- v3.4.0 switched argocd-k8s-auth to aws-sdk-go-v2 (region mandatory, regional STS, different default chain behaviour);\nupgrade regressions reported in [argo-cd#27906](https://github.com/argoproj/argo-cd/issues/27906).\n- Detect: read image tags of controller/server; gate checks FM-1.12 and FM-4.4 on version.',
    confidence: 'D.',
  },
  {
    id: 'FM-7.8',
    title: 'EKS-managed Argo CD (EKS Capability) is a different model',
    section: 'Argo CD configuration and runtime',
    notes:
      'If the hub runs the managed capability: no IRSA/Pod Identity on Argo CD pods; the capability role needs an access entry on\neach spoke (e.g. `AmazonEKSClusterAdminPolicy`), plus `eks:DescribeCluster`/`eks:AccessKubernetesApi`; the cluster Secret\n`server` must be the **cluster ARN** and should not carry `awsAuthConfig`.\n- Detect: absence of Argo CD workloads in the hub + presence of capability; Secret `server` not an ARN ⇒ error.',
    evidence:
      '[aws-samples/appmod-blueprints#704](https://github.com/aws-samples/appmod-blueprints/issues/704);\nsee also `anchors.md` (cdk-eks-blueprints `ArgoCapability`, `server` = cluster ARN).',
    confidence: 'R.',
  },
];

/** §8: the order in which to check the chain live, cheapest first (what `doctor --probe` follows). */
export const PROBE_SEQUENCE =
  "1. **Static (no network):** parse cluster Secrets (FM-7.3, 6.3, 6.4 format, 7.5, 7.6, 2.2, 3.3 needs trust doc), ARNs/partitions\n   (FM-1.6, 3.5, 5.3), Argo CD version/image (FM-7.1, 7.7).\n2. **Hub Kubernetes reads:** pods/SAs/env/volumes/nodes (FM-1.1, 1.2, 1.8, 1.10, 1.12, 6.5, 7.2), Pod Identity agent DaemonSet\n   (FM-1.9), Applications vs Secrets (FM-7.3/7.4).\n3. **AWS reads in A:** `eks:DescribeCluster(hub)`, `eks:ListPodIdentityAssociations`/`DescribePodIdentityAssociation`,\n   `eks:DescribeAddon`, `iam:GetRole`, `iam:ListOpenIDConnectProviders`/`GetOpenIDConnectProvider`,\n   `iam:SimulatePrincipalPolicy`, `iam:GetAccountSummary`, `ec2:DescribeVpcEndpoints`/`DescribeNatGateways`.\n4. **AWS reads in B** (via a read-only audit role or the deployer session from step 5): `eks:DescribeCluster(spoke)`\n   (`endpoint`, `certificateAuthority`, `accessConfig.authenticationMode`, `resourcesVpcConfig`, `logging`),\n   `eks:ListAccessEntries`/`DescribeAccessEntry`/`ListAssociatedAccessPolicies`, `iam:GetRole(deployer)`,\n   `ec2:DescribeSecurityGroups`; optionally CloudWatch Logs authenticator stream and CloudTrail `AssumeRole` failures.\n5. **Live probe as Argo CD:** create a short-lived pod with `serviceAccountName` = controller SA and the same image (gets the same\n   IRSA/Pod Identity injection), or `kubectl exec` into the controller, and run\n   `argocd-k8s-auth aws --cluster-name <clusterName> [--role-arn <roleARN>]`. Capture stderr (real AWS error) and the token.\n6. **Verify the token like the authenticator:** base64url-decode after `k8s-aws-v1.`; check host ∈ partition STS hosts, path `/`,\n   only allowed params, `X-Amz-SignedHeaders` includes `x-k8s-aws-id`, `X-Amz-Expires` ≤ 900, `X-Amz-Date` within 15 min (skew);\n   then `GET <url>` with header `x-k8s-aws-id: <real cluster name>` and `Accept: application/json` → 200 gives the identity ARN the\n   spoke will map (FM-5.2); 403 `SignatureDoesNotMatch` ⇒ FM-4.1/4.7. (Mirrors `Verify()` in aws-iam-authenticator `pkg/token/token.go`.)\n7. **Spoke API with that token:** TCP/TLS to `server` with `caData` (FM-6.x), `GET /version`, then `SelfSubjectRulesReview` /\n   `SelfSubjectAccessReview` for list/watch on `*` cluster-wide (FM-5.5/5.6). Retry with backoff for eventual consistency (FM-5.8).\n\nMinimum IAM for the doctor's read role(s): `eks:DescribeCluster`, `eks:ListAccessEntries`, `eks:DescribeAccessEntry`,\n`eks:ListAssociatedAccessPolicies`, `eks:ListPodIdentityAssociations`, `eks:DescribePodIdentityAssociation`, `eks:DescribeAddon`,\n`iam:GetRole`, `iam:ListOpenIDConnectProviders`, `iam:GetOpenIDConnectProvider`, `iam:SimulatePrincipalPolicy`,\n`iam:GetAccountSummary`, `ec2:DescribeSecurityGroups`, `ec2:DescribeVpcEndpoints`, `ec2:DescribeNatGateways`; optional\n`logs:FilterLogEvents`, `cloudtrail:LookupEvents`. (Compiled from the checks above; not taken from any single source.)";

/** §9: what the research could not settle. */
export const CAVEATS =
  '- No stored thread gives a root cause for the EKS 1.34 `Unauthorized` report ([argo-cd#24876](https://github.com/argoproj/argo-cd/issues/24876));\n  keep it as a regression watch item, and let the token-verification probe (§8 step 6) discriminate.\n- The exact reason the 3.4.2 controller failed without Pod Identity ([argo-cd#27906](https://github.com/argoproj/argo-cd/issues/27906)) is not\n  stated (user only reports the fix); FM-4.4 (region) and fall-through-to-node-role (FM-1.8) are plausible, unconfirmed.\n- Whether EKS Pod Identity injection sets `AWS_REGION` was not confirmed from primary sources here; FM-4.4 therefore checks env\n  directly rather than assuming.\n- Frequencies are not measured; "R" items are confirmed by at least one reporter, not necessarily common.';
