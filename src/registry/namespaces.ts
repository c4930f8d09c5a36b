/**
 * Which declared namespace a name falls inside. A character trie keeps this linear in the name's
 * length: comparing every name with every namespace is quadratic, and a large registry (thousands of
 * files) would spend most of its validation time there.
 */
export class NamespaceIndex<T> {
  private readonly root: TrieNode<T> = { children: new Map() };

  add(namespace: string, owner: T): void {
    let node = this.root;
    for (const char of namespace) {
      let next = node.children.get(char);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(char, next);
      }
      node = next;
    }
    (node.owners ??= []).push(owner);
  }

  /** Every (namespace, owner) whose namespace is a prefix of `name`, shortest first. */
  prefixesOf(name: string): { namespace: string; owner: T }[] {
    const found: { namespace: string; owner: T }[] = [];
    let node: TrieNode<T> | undefined = this.root;
    let length = 0;
    for (const char of name) {
      node = node.children.get(char);
      if (node === undefined) break;
      length += char.length;
      for (const owner of node.owners ?? []) found.push({ namespace: name.slice(0, length), owner });
    }
    return found;
  }
}

interface TrieNode<T> {
  readonly children: Map<string, TrieNode<T>>;
  owners?: T[];
}
