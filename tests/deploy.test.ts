import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { BUNDLE, dataFiles, SDK_MODEL_CHUNK, ZOD_CHUNK } from '../scripts/bundle';
import { PACKAGE, packageLambda } from '../scripts/package';
import { launchAlone } from './helpers/fresh-node';
import { documentUrl, MANIFEST_FILE, withDocuments } from '../scripts/documents';
import { SUPPORTED_LOCALES } from '../src/i18n/locales';
import { METRICS, METRICS_NAMESPACE, type MetricName } from '../src/skill/metrics';

const root = join(__dirname, '..');

// ---- ask-resources.json and the CloudFormation template, read as the ASK CLI and CloudFormation read them ----

interface AskResources {
  profiles: Record<
    string,
    {
      skillMetadata: { src: string };
      code: Record<string, { src: string }>;
      skillInfrastructure: {
        type: string;
        userConfig: {
          runtime: string;
          handler: string;
          templatePath: string;
          awsRegion: string;
          cfn?: { parameters?: Record<string, string>; capabilities?: string[] };
        };
      };
    }
  >;
}

interface Parameter {
  Type: string;
  Default?: string;
  AllowedValues?: string[];
  AllowedPattern?: string;
}
interface Resource {
  Type: string;
  DependsOn?: string | string[];
  Properties: Record<string, unknown>;
}
interface Template {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, Parameter>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}

/** CloudFormation's short forms: `!Ref X` is `{ Ref: X }`, `!Join [a, b]` is `{ 'Fn::Join': [a, b] }`, and so on. */
const INTRINSICS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Equals',
  'Select',
  'Split',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Not',
  'And',
  'Or',
  'Base64',
  'Cidr',
] as const;
const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
const cfnTags = INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => [
  {
    tag: `!${name}`,
    resolve: (value: string) => ({
      // `!GetAtt Resource.Attribute` splits at the first dot.
      [longName(name)]: name === 'GetAtt' ? [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] : value,
    }),
  },
  ...(['seq', 'map'] as const).map((collection): CollectionTag => ({
    tag: `!${name}`,
    collection,
    resolve: (value) => ({ [longName(name)]: value.toJSON() as unknown }),
  })),
]);

const resources = JSON.parse(readFileSync(join(root, 'ask-resources.json'), 'utf8')) as AskResources;
const profile = resources.profiles.default!;
const userConfig = profile.skillInfrastructure.userConfig;
const TEMPLATE = join(root, 'infrastructure', 'cfn-deployer', 'skill-stack.yaml');
const templateText = readFileSync(TEMPLATE, 'utf8');
const document = parseDocument(templateText, { customTags: cfnTags });
const template = document.toJS() as Template;

/** The parameters the cfn-deployer passes (ask-cli lib/builtins/deploy-delegates/cfn-deployer/index.js). */
const DEPLOYER_PARAMETERS = ['SkillId', 'LambdaRuntime', 'LambdaHandler', 'CodeBucket', 'CodeKey', 'CodeVersion'];
/** Passed too, when the template text names both (the deployer then fetches the skill's messaging credentials). */
const CREDENTIAL_PARAMETERS = ['SkillClientId', 'SkillClientSecret'];
const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';

const passedParameters: Record<string, string> = {
  SkillId: SKILL_ID,
  LambdaRuntime: userConfig.runtime,
  LambdaHandler: userConfig.handler,
  CodeBucket: 'ask-leg-pain-guide-bucket',
  CodeKey: 'endpoint/build.zip',
  CodeVersion: 'v1',
  ...(CREDENTIAL_PARAMETERS.every((name) => templateText.includes(name)) ? { SkillClientId: 'id', SkillClientSecret: 'secret' } : {}),
  ...userConfig.cfn?.parameters,
};
/** What each parameter is on a deploy: what the deployer passes, else its default. */
const parameterValues: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(template.Parameters).map(([name, parameter]) => [name, passedParameters[name] ?? parameter.Default]),
);

/** What CloudFormation substitutes in a deploy of the default profile: pseudo parameters, then the parameters. */
const values: Record<string, string | undefined> = {
  'AWS::Partition': 'aws',
  'AWS::Region': userConfig.awsRegion,
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'ask-leg-pain-guide-default-skillStack-1',
  ...parameterValues,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Substitutes parameter and pseudo parameter values for `Ref` and `Fn::Sub`; leaves references to resources as they are. */
function evaluate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(evaluate);
  if (!isObject(value)) return value;
  if (typeof value.Ref === 'string' && value.Ref in values) return values[value.Ref];
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => values[name] ?? whole);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item)]));
}

/** Every name the template refers to: `Ref`, `Fn::GetAtt`'s resource, `${Name}` and `${Name.Attribute}` in `Fn::Sub`. */
function referencedNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedNames);
  if (!isObject(value)) return [];
  const names: string[] = [];
  if (typeof value.Ref === 'string') names.push(value.Ref);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') names.push(getAtt[0]);
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  const subVariables = Array.isArray(sub) && isObject(sub[1]) ? Object.keys(sub[1]) : [];
  for (const [, name] of subText?.matchAll(/\$\{([^}!]+)\}/g) ?? []) {
    if (!subVariables.includes(name!)) names.push(name!.split('.')[0]!);
  }
  return [...names, ...Object.values(value).flatMap(referencedNames)];
}

function onlyResource(type: string): [string, Resource] {
  const found = Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
  if (found.length !== 1) throw new Error(`${found.length} resources of type ${type}, not one`);
  return found[0]!;
}

describe('the CloudFormation template', () => {
  const [functionName, fn] = onlyResource('AWS::Lambda::Function');
  const [, permission] = onlyResource('AWS::Lambda::Permission');
  const [logGroupName, logGroup] = onlyResource('AWS::Logs::LogGroup');
  const [roleName, role] = onlyResource('AWS::IAM::Role');
  const properties = fn.Properties;

  it('is valid YAML in which every tag is a CloudFormation intrinsic', () => {
    expect({ errors: document.errors.map(String), warnings: document.warnings.map(String) }).toEqual({ errors: [], warnings: [] });
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
  });

  it('declares exactly what the cfn-deployer passes; any other parameter has a default', () => {
    for (const name of Object.keys(passedParameters))
      expect({ name, declared: name in template.Parameters }).toEqual({ name, declared: true });
    for (const [name, parameter] of Object.entries(template.Parameters)) {
      expect({ name, value: parameterValues[name] }).toEqual({ name, value: expect.any(String) });
      if (parameter.AllowedValues) expect(parameter.AllowedValues).toContain(parameterValues[name]);
      if (parameter.AllowedPattern) expect(parameterValues[name]).toMatch(new RegExp(parameter.AllowedPattern));
    }
    expect(DEPLOYER_PARAMETERS.every((name) => name in passedParameters)).toBe(true);
  });

  it('refers only to parameters, resources and pseudo parameters that exist', () => {
    const known = new Set([...Object.keys(template.Parameters), ...Object.keys(template.Resources)]);
    const names = referencedNames(template.Resources).concat(referencedNames(template.Outputs));
    expect(names).toContain('SkillId');
    expect(names.filter((name) => !known.has(name) && !name.startsWith('AWS::'))).toEqual([]);
    const dependsOn = Object.values(template.Resources).flatMap((resource) => resource.DependsOn ?? []);
    expect(dependsOn.filter((name) => !known.has(name))).toEqual([]);
  });

  it('runs the bundle on Node.js 22 or 24, and nothing else', () => {
    expect(evaluate(properties.Runtime)).toBe(userConfig.runtime);
    expect(evaluate(properties.Runtime)).toMatch(/^nodejs(22|24)\.x$/);
    expect(properties.Runtime).toEqual({ Ref: 'LambdaRuntime' });
    expect([...template.Parameters.LambdaRuntime!.AllowedValues!].sort()).toEqual(['nodejs22.x', 'nodejs24.x']);
    expect(evaluate(properties.Handler)).toBe('index.handler');
    expect(properties.Code).toEqual({
      S3Bucket: { Ref: 'CodeBucket' },
      S3Key: { Ref: 'CodeKey' },
      S3ObjectVersion: { Ref: 'CodeVersion' },
    });
  });

  it("answers within Alexa's 8 seconds, with the measured memory, on one architecture", () => {
    expect(properties.Timeout).toEqual(expect.any(Number));
    expect(properties.Timeout as number).toBeGreaterThanOrEqual(1);
    expect(properties.Timeout as number).toBeLessThanOrEqual(8);
    expect(properties.MemorySize).toBe(256);
    expect(properties.Architectures).toEqual([expect.stringMatching(/^(arm64|x86_64)$/)]);
  });

  it('gives the code the skill id from the SkillId parameter', () => {
    expect(properties.Environment).toEqual({ Variables: expect.objectContaining({ SKILL_ID: { Ref: 'SkillId' } }) });
  });

  it('lets Alexa invoke the function for this skill only', () => {
    const { FunctionName, ...rest } = permission.Properties;
    expect([{ 'Fn::GetAtt': [functionName, 'Arn'] }, { Ref: functionName }]).toContainEqual(FunctionName);
    expect(rest).toEqual({
      Action: expect.stringMatching(/^lambda:invokefunction$/i),
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: { Ref: 'SkillId' },
    });
  });

  it("keeps the function's logs for a limited time, in the group Lambda writes to", () => {
    expect([1, 3, 5, 7, 14, 30, 60, 90]).toContain(logGroup.Properties.RetentionInDays);
    const name = evaluate(properties.FunctionName);
    expect(name).toEqual(expect.any(String));
    expect(evaluate(logGroup.Properties.LogGroupName)).toBe(`/aws/lambda/${name as string}`);
    // Created before the function, so that Lambda never makes its own group, which keeps logs forever.
    expect([fn.DependsOn ?? []].flat()).toContain(logGroupName);
  });

  it('lets the function write its logs and nothing else, with the capability the deployer grants', () => {
    expect(properties.Role).toEqual({ 'Fn::GetAtt': [roleName, 'Arn'] });
    expect(role.Properties.AssumeRolePolicyDocument).toEqual(
      expect.objectContaining({
        Statement: [expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
    );
    expect(evaluate(role.Properties.ManagedPolicyArns)).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    expect(role.Properties.Policies).toBeUndefined();
    // The deployer always adds CAPABILITY_IAM; a named role would need CAPABILITY_NAMED_IAM as well.
    if (!userConfig.cfn?.capabilities?.includes('CAPABILITY_NAMED_IAM')) expect(role.Properties.RoleName).toBeUndefined();
  });

  it('outputs the function ARN as SkillEndpoint, the output the deployer reads', () => {
    expect(template.Outputs.SkillEndpoint?.Value).toEqual({ 'Fn::GetAtt': [functionName, 'Arn'] });
  });
});

// ---- The operator's dashboard and alarms, against the metrics the code emits (src/skill/metrics.ts) ----

/** A metric a widget or alarm reads: its namespace, name and the dimension names it is read by. */
interface MetricUse {
  namespace: string;
  name: string;
  dimensions: string[];
  where: string;
}

/** Every metric a dashboard widget names: in a Metrics Insights query, a SEARCH expression, or a metric array. */
function metricsInWidget(widget: { properties?: { title?: string; metrics?: unknown[][] } }): MetricUse[] {
  const where = widget.properties?.title ?? '(untitled)';
  const uses: MetricUse[] = [];
  for (const row of widget.properties?.metrics ?? []) {
    const expression = row.find(
      (item): item is { expression: string } => isObject(item) && typeof item.expression === 'string',
    )?.expression;
    if (expression !== undefined) {
      for (const [, name = '', schema = ''] of expression.matchAll(/SELECT\s+\w+\((\w+)\)\s+FROM\s+SCHEMA\(([^)]*)\)/g)) {
        const [namespace = '', ...dimensions] = schema.split(',').map((part) => part.trim());
        uses.push({ namespace, name, dimensions, where });
      }
      for (const [, schema = '', name = ''] of expression.matchAll(/SEARCH\('\{([^}]*)\}\s+MetricName="(\w+)"/g)) {
        const [namespace = '', ...dimensions] = schema.split(',').map((part) => part.trim());
        uses.push({ namespace, name, dimensions, where });
      }
      continue;
    }
    const [namespace, name, ...rest] = row.filter((item): item is string => typeof item === 'string');
    if (namespace && name) uses.push({ namespace, name, dimensions: rest.filter((_, i) => i % 2 === 0), where });
  }
  return uses;
}

describe("the operator's dashboard and alarms", () => {
  const dashboard = onlyResource('AWS::CloudWatch::Dashboard')[1];
  const body = JSON.parse(evaluate(dashboard.Properties.DashboardBody) as string) as {
    widgets: Array<{ type: string; properties?: { title?: string; metrics?: unknown[][]; alarms?: string[] } }>;
  };
  const alarms = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
  const alarmUses: MetricUse[] = alarms.flatMap(([name, alarm]) => {
    const { Namespace, MetricName, Metrics } = alarm.Properties as {
      Namespace?: string;
      MetricName?: string;
      Metrics?: Array<{ MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string }> } } }>;
    };
    if (Namespace && MetricName) return [{ namespace: Namespace, name: MetricName, dimensions: [], where: name }];
    return (Metrics ?? []).flatMap(({ MetricStat }) =>
      MetricStat
        ? [
            {
              namespace: MetricStat.Metric.Namespace,
              name: MetricStat.Metric.MetricName,
              dimensions: (MetricStat.Metric.Dimensions ?? []).map((d) => d.Name),
              where: name,
            },
          ]
        : [],
    );
  });
  const uses = [...body.widgets.flatMap(metricsInWidget), ...alarmUses];

  it("reads only metrics the skill emits, by dimension sets it emits them with, or Lambda's own", () => {
    const wrong = uses.filter(({ namespace, name, dimensions }) => {
      if (namespace === 'AWS/Lambda') return !['Errors', 'Invocations'].includes(name) || dimensions.join() !== 'FunctionName';
      if (namespace !== METRICS_NAMESPACE || !Object.hasOwn(METRICS, name)) return true;
      const sets = METRICS[name as MetricName].dimensions.map((set) => [...set].sort().join());
      return !sets.includes([...dimensions].sort().join());
    });
    expect(wrong).toEqual([]);
  });

  it('shows every metric the skill emits: outcomes by level and locale, the drop-off funnel, fallbacks per question, errors and latency', () => {
    const shown = new Set(uses.filter((use) => use.namespace === METRICS_NAMESPACE).map((use) => use.name));
    expect(Object.keys(METRICS).filter((name) => !shown.has(name))).toEqual([]);
    const titles = body.widgets.map((widget) => widget.properties?.title ?? '');
    for (const title of [
      /Outcomes by level and locale/,
      /drop-offs by question/,
      /fallbacks per question and locale/,
      /errors/i,
      /latency/i,
    ])
      expect(titles.some((t) => title.test(t))).toBe(true);
  });

  it('alarms on the error rate and on p99 latency, to a topic an address may be subscribed to', () => {
    const [topicName, topic] = onlyResource('AWS::SNS::Topic');
    expect(alarms.map(([name]) => name).sort()).toEqual(['ErrorRateAlarm', 'LatencyAlarm']);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicName }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
    const latency = template.Resources.LatencyAlarm!.Properties;
    expect([latency.MetricName, latency.ExtendedStatistic, latency.Unit]).toEqual(['Latency', 'p99', METRICS.Latency.unit]);
    const rate = (template.Resources.ErrorRateAlarm!.Properties.Metrics as Array<{ Expression?: string }>).find((m) => m.Expression);
    expect(rate?.Expression).toMatch(/errors.*crashes.*\/ invocations/);
    expect(topic.Properties.Subscription).toEqual({
      'Fn::If': ['HasAlarmEmail', [{ Endpoint: { Ref: 'AlarmEmail' }, Protocol: 'email' }], { Ref: 'AWS::NoValue' }],
    });
    expect(body.widgets.find((widget) => widget.type === 'alarm')?.properties?.alarms).toEqual([
      '${ErrorRateAlarm.Arn}',
      '${LatencyAlarm.Arn}',
    ]);
  });
});

describe('ask-resources.json', () => {
  it('deploys with the cfn-deployer and this template', () => {
    expect(profile.skillInfrastructure.type).toBe('@ask-cli/cfn-deployer');
    expect(resolve(root, userConfig.templatePath)).toBe(TEMPLATE);
    expect(userConfig.awsRegion).toBe('us-east-1');
    const reserved = [...DEPLOYER_PARAMETERS, ...CREDENTIAL_PARAMETERS];
    expect(Object.keys(userConfig.cfn?.parameters ?? {}).filter((name) => reserved.includes(name))).toEqual([]);
  });

  it('uploads the skill package, and the zip the build hook makes, whose index.js exports the handler', () => {
    expect(profile.skillMetadata.src).toBe('./skill-package');
    // The CLI copies the code folder before it runs hooks/build.sh: one a fresh clone has, not the build output.
    expect(profile.code.default?.src).toBe('./lambda');
    expect(existsSync(join(root, 'lambda', 'index.ts'))).toBe(true);
    expect(statSync(join(root, 'hooks', 'build.sh')).mode & 0o111).toBe(0o111);
    expect(existsSync(join(root, 'hooks', 'build.ps1'))).toBe(true);
    expect(userConfig.handler).toBe('index.handler');
  });
});

// ---- npm run package ----

interface ZipEntry {
  name: string;
  data: Buffer;
  crc: number;
  mode: number;
  modified: string;
  extra: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (data: Buffer) => (data.reduce((c, byte) => CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

/** Reads a zip the way unzip does: from the central directory at its end, each entry then from its local header. */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory record');
  const entries: ZipEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`no local header at ${local}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`compression method ${method}`);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    if (data.length !== zip.readUInt32LE(at + 24)) throw new Error('size differs from the central directory');
    const [time, date] = [zip.readUInt16LE(at + 12), zip.readUInt16LE(at + 14)];
    const two = (n: number) => String(n).padStart(2, '0');
    const extraStart = at + 46 + nameLength;
    entries.push({
      name: zip.toString('utf8', at + 46, extraStart),
      data,
      crc: zip.readUInt32LE(at + 16),
      mode: zip.readUInt32LE(at + 38) >>> 16,
      // MS-DOS date and time: local, to the even second.
      modified: `${1980 + (date >> 9)}-${two((date >> 5) & 15)}-${two(date & 31)} ${two(time >> 11)}:${two((time >> 5) & 63)}`,
      extra: zip.subarray(extraStart, extraStart + zip.readUInt16LE(at + 30)),
    });
    at = extraStart + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('npm run package', () => {
  let result: { path: string; bytes: number };
  let zip: Buffer;
  beforeAll(async () => {
    result = await packageLambda();
    zip = readFileSync(result.path);
  }, 60_000);

  it('writes dist/leg-pain-guide.zip, outside the folder the bundle is built in, and reports its size', () => {
    expect(result.path).toBe(PACKAGE);
    expect(dirname(result.path)).not.toBe(dirname(BUNDLE));
    expect(result.bytes).toBe(statSync(PACKAGE).size);
    expect(result.bytes).toBe(zip.length);
  });

  it('holds index.js at the root, byte for byte the bundle, the SDK model, zod schemas and data files it reads later, every locale included, readable by Lambda', () => {
    const entries = readZip(zip);
    expect(entries.map((entry) => entry.name)).toEqual([
      ...['index.js', 'ask-sdk-model.js', 'zod-schemas.js'].flatMap((name) => [name, `${name}.map`]),
      ...dataFiles().map((file) => file.name),
    ]);
    const [entry, entryMap, model, , zod] = entries;
    expect(entry!.data.equals(readFileSync(BUNDLE))).toBe(true);
    expect(entryMap!.data.equals(readFileSync(`${BUNDLE}.map`))).toBe(true);
    expect(model!.data.equals(readFileSync(SDK_MODEL_CHUNK))).toBe(true);
    expect(zod!.data.equals(readFileSync(ZOD_CHUNK))).toBe(true);
    for (const data of entries.slice(1)) expect(data.data.equals(readFileSync(join(dirname(BUNDLE), data.name)))).toBe(true);
    for (const e of entries) {
      expect(e.crc).toBe(crc32(e.data));
      expect(e.mode & 0o444).toBe(0o444);
    }
  });

  it('is reproducible: the same bundle gives the same zip, whenever and in whatever time zone it is made', async () => {
    const again = await packageLambda();
    expect(readFileSync(again.path).equals(zip)).toBe(true);
    // A fixed DOS time and no extra field (yazl would add a UTC timestamp there, which moves with the time zone).
    for (const { modified, extra } of readZip(zip))
      expect({ modified, extra: extra.length }).toEqual({ modified: '1980-01-01 00:00', extra: 0 });
  }, 60_000);

  it('holds an index.js that, alone in a fresh Node process with the locales beside it, answers a LaunchRequest', () => {
    const { response } = launchAlone(new Map(readZip(zip).map((entry) => [entry.name, entry.data])), 'en-US');
    expect(response.response.outputSpeech).toEqual(
      expect.objectContaining({ ssml: expect.stringMatching(/^<speak>Welcome to Leg Pain Guide\..*\b911\b.*\?<\/speak>$/) }),
    );
    expect(response.response.shouldEndSession).toBe(false);
  });
});

// ---- ask deploy from a fresh clone ----

/** The files a fresh clone has: what git tracks (and the working copy of each, so uncommitted work is tried too). */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clone-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
    chmodSync(join(dir, file), statSync(join(root, file)).mode);
  }
  // Installed already: the hook runs `npm ci` only where node_modules is missing, which this test does not repeat.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('ask deploy from a fresh clone', () => {
  it('runs hooks/build.sh as the ASK CLI does, and gets a zip whose index.js answers a LaunchRequest', () => {
    const clone = freshClone();
    expect(existsSync(join(clone, 'lambda', 'dist'))).toBe(false);
    // The CLI copies the code folder to a build folder, runs the hook there with the zip to write, relative or not.
    const buildFolder = join(clone, '.ask', 'lambda', 'build');
    cpSync(join(clone, profile.code.default!.src), buildFolder, { recursive: true });
    execFileSync(join(clone, 'hooks', 'build.sh'), ['build.zip', 'false'], { cwd: buildFolder, stdio: 'pipe' });
    const entries = readZip(readFileSync(join(buildFolder, 'build.zip')));
    expect(entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(['index.js', 'index.js.map', 'speech/en-US.json']));
    const { response } = launchAlone(new Map(entries.map((entry) => [entry.name, entry.data])), 'de-DE');
    expect(response.response.outputSpeech).toEqual(
      expect.objectContaining({ ssml: expect.stringMatching(/^<speak>Willkommen .*\b112\b/) }),
    );
  }, 120_000);

  it('deploys a manifest with no placeholder: the deployer sets the endpoint, the document addresses are yours', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'skill-package', 'skill.json'), 'utf8')) as {
      manifest: { apis: { custom: { endpoint?: { uri?: unknown } } } };
    };
    // None in the repository; after an ask deploy, the function's own ARN, which the deployer writes back.
    const endpoint = manifest.manifest.apis.custom.endpoint;
    if (endpoint !== undefined) expect(endpoint.uri).toMatch(/^arn:aws:lambda:[a-z0-9-]+:(?!0{12})\d{12}:function:[\w-]+$/);
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/example\.(com|org)|000000000000|TODO|placeholder/i);
  });

  it('sets the privacy policy and terms of use in one command, for every locale, and refuses an address certification would', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Parameters<typeof withDocuments>[0];
    const privacy = documentUrl('https://github.com/someone/leg-pain-guide/blob/main/docs/privacy-policy.md', 'privacy policy');
    const terms = documentUrl('https://github.com/someone/leg-pain-guide/blob/main/docs/terms-of-use.md', 'terms of use');
    const set = withDocuments(manifest, privacy, terms).manifest.privacyAndCompliance;
    expect(Object.keys(set.locales ?? {}).sort()).toEqual([...SUPPORTED_LOCALES].sort());
    for (const urls of Object.values(set.locales ?? {})) expect(urls).toEqual({ privacyPolicyUrl: privacy, termsOfUseUrl: terms });
    expect(set).toEqual(expect.objectContaining({ usesPersonalInfo: false, allowsPurchases: false }));
    expect(() => documentUrl('http://my.site/privacy', 'privacy policy')).toThrow(/must be https/);
    expect(() => documentUrl('https://example.com/privacy', 'privacy policy')).toThrow(/placeholder/);
    expect(() => documentUrl('privacy.md', 'privacy policy')).toThrow(/not a URL/);
    // The documents themselves are in the repository, saying what is kept and what Amazon keeps.
    const policy = readFileSync(join(root, 'docs', 'privacy-policy.md'), 'utf8');
    const logGroup = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Logs::LogGroup')!;
    expect(policy).toContain(`The log is kept for ${String(logGroup.Properties.RetentionInDays)} days`);
    expect(policy).toMatch(/\*\*Cards\.\*\*[\s\S]*\*\*Reminders\.\*\*/);
  });
});
