// --hosts FILE[:GROUP]: plain lists and Ansible INI inventories (cli/hosts-file.ts).
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readHostsFile } from '../../cli/hosts-file.js';
import { UsageError } from '../../cli/args.js';

describe('cli: --hosts files', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'sip-hosts-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a plain list: comments, blank lines, duplicates once', () => {
    const f = file('plain', '# cluster\nroot@10.0.0.1\n\n  10.0.0.2:2222   # worker\nadmin@[fd00::5]:22\n10.0.0.2:2222\n');
    expect(readHostsFile(f)).to.deep.equal(['root@10.0.0.1', '10.0.0.2:2222', 'admin@[fd00::5]:22']);
  });

  it('a plain list refuses a line with two words, and a group', () => {
    const f = file('two', 'a b\n');
    expect(() => readHostsFile(f)).to.throw(UsageError, /two:1: one \[USER@\]HOST\[:PORT\] a line/);
    const g = file('plain2', 'a\n');
    expect(() => readHostsFile(`${g}:workers`)).to.throw(UsageError, /plain list of hosts/);
  });

  it('an INI inventory: groups, children, host and group vars, all', () => {
    const f = file(
      'inv.ini',
      [
        'lonely ansible_host=10.9.9.9',
        '[masters]',
        'm1 ansible_host=10.0.0.1 ansible_user=ubuntu',
        '[workers]',
        'w1 ansible_host=10.0.0.2',
        "w2 ansible_ssh_host=10.0.0.3 ansible_port='2201'",
        '[workers:vars]',
        'ansible_user=cloud',
        '[cluster:children]',
        'masters',
        'workers',
        '[all:vars]',
        'ansible_port=22',
        '',
      ].join('\n'),
    );
    expect(readHostsFile(`${f}:workers`)).to.deep.equal(['cloud@10.0.0.2:22', 'cloud@10.0.0.3:2201']);
    expect(readHostsFile(`${f}:cluster`)).to.deep.equal(['ubuntu@10.0.0.1:22', 'cloud@10.0.0.2:22', 'cloud@10.0.0.3:2201']);
    expect(readHostsFile(f)).to.deep.equal(['10.9.9.9:22', 'ubuntu@10.0.0.1:22', 'cloud@10.0.0.2:22', 'cloud@10.0.0.3:2201']);
    expect(() => readHostsFile(`${f}:nope`)).to.throw(UsageError, /no group 'nope'.*groups: ungrouped, masters, workers, cluster/);
  });

  it('an INI inventory: host ranges are refused with the line', () => {
    const f = file('ranges.ini', '[web]\nweb[01:20].example.com\n');
    expect(() => readHostsFile(f)).to.throw(UsageError, /ranges.ini:2: host ranges .* are not supported/);
  });

  it('a missing file, an empty one', () => {
    expect(() => readHostsFile(path.join(dir, 'absent'))).to.throw(UsageError, /cannot read .*absent: ENOENT/);
    expect(() => readHostsFile(file('empty', '# nothing\n'))).to.throw(UsageError, /no hosts in it/);
  });
});
