package dev.mergeloom.worker.jobs.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Clones a repository on this machine without a git process: the same result as
 * {@code git clone <path>} (objects hardlinked, the branches as {@code origin/*}, the tags, the
 * branch checked out with an index), done in-process with JGit. A process start costs a small
 * machine about 12 ms and more under load; 500 jobs starting at once spent most of their start
 * there. Only plain repositories take this path; anything unusual goes to {@code git clone}.
 */
final class LocalClone {
  static {
    // Like the worker's git processes (GIT_CONFIG_NOSYSTEM, a per-job HOME): no user or system
    // git configuration changes what a job checks out, and JGit writes nothing into $HOME.
    SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
      @Override
      public FileBasedConfig openUserConfig(Config parent, FS fs) {
        return emptyConfig(parent, fs);
      }

      @Override
      public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        return emptyConfig(parent, fs);
      }

      @Override
      public FileBasedConfig openJGitConfig(Config parent, FS fs) {
        return emptyConfig(parent, fs);
      }
    });
  }

  private LocalClone() {
  }

  /**
   * Clones {@code source} into {@code target} (absent or empty) at {@code branch}, or at the
   * source's HEAD when {@code branch} is null, and answers true; answers false, having written
   * nothing, when the source is not a plain repository (not a work tree with a {@code .git}
   * directory, borrowed objects, a shallow history, a repository format with extensions), which
   * {@code git clone} must then clone. Blocking.
   */
  static boolean tryClone(Path source, String branch, Path target) throws IOException {
    Path sourceGit = source.resolve(".git");
    if (!Files.isDirectory(sourceGit) || Files.exists(sourceGit.resolve("objects/info/alternates"))
        || Files.exists(sourceGit.resolve("shallow"))) {
      return false;
    }
    try (Repository from = new FileRepositoryBuilder().setGitDir(sourceGit.toFile()).setMustExist(true).build();
        ObjectReader reader = from.newObjectReader()) {
      Config sourceConfig = from.getConfig();
      if (sourceConfig.getInt("core", "repositoryformatversion", 0) != 0
          || !sourceConfig.getNames("extensions").isEmpty()) {
        return false;
      }
      Ref start = branch != null ? from.exactRef(Constants.R_HEADS + branch) : from.exactRef(Constants.HEAD);
      if (start == null || start.getObjectId() == null) {
        throw new IOException(branch != null ? "branch '" + branch + "' not found in " + source
            : source + " has no commits");
      }
      String startBranch = branch != null ? branch
          : start.isSymbolic() ? Repository.shortenRefName(start.getTarget().getName()) : null;
      ObjectId commit = start.getObjectId();
      List<TreeFile> files = treeFiles(reader, commit);
      Path targetGit = target.resolve(".git");
      linkObjects(sourceGit.resolve("objects"), targetGit.resolve("objects"));
      // refs/tags and the like appear when git first needs them; these two are written now.
      Files.createDirectories(targetGit.resolve("refs/heads"));
      Files.createDirectories(targetGit.resolve("refs/remotes/origin"));
      Files.writeString(targetGit.resolve("packed-refs"), packedRefs(from));
      Files.writeString(targetGit.resolve("config"), config(source, startBranch));
      if (startBranch != null) {
        // A branch such as feature/x is a file in a folder of its own.
        Files.createDirectories(targetGit.resolve(Constants.R_HEADS + startBranch).getParent());
        Files.writeString(targetGit.resolve(Constants.R_HEADS + startBranch), commit.name() + "\n");
        Files.writeString(targetGit.resolve("refs/remotes/origin/HEAD"), "ref: refs/remotes/origin/" + startBranch + "\n");
        Files.writeString(targetGit.resolve(Constants.HEAD), "ref: " + Constants.R_HEADS + startBranch + "\n");
      } else {
        Files.writeString(targetGit.resolve(Constants.HEAD), commit.name() + "\n");
      }
      if (files.stream().anyMatch(f -> f.path().equals(".gitattributes") || f.path().endsWith("/.gitattributes"))) {
        // Attributes can change what a file looks like in the work tree (line endings, filters):
        // JGit's full checkout applies them.
        checkoutWithAttributes(targetGit, commit);
      } else {
        writeFiles(reader, files, target, targetGit);
      }
      return true;
    }
  }

  /** One file of a commit's tree. */
  private record TreeFile(String path, FileMode mode, ObjectId id) {
  }

  /** Every file of the commit's tree, each path checked as git checks it before a checkout. */
  private static List<TreeFile> treeFiles(ObjectReader reader, ObjectId commit) throws IOException {
    List<TreeFile> files = new ArrayList<>();
    ObjectChecker checker = new ObjectChecker();
    try (RevWalk walk = new RevWalk(reader); TreeWalk tree = new TreeWalk(reader)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        checker.checkPath(path); // no "..", ".git" or empty segments
        files.add(new TreeFile(path, tree.getFileMode(0), tree.getObjectId(0)));
      }
    }
    return files;
  }

  /**
   * Writes the files into the work tree and the index that describes them, as a checkout into an
   * empty directory does when no attribute asks for a conversion.
   */
  private static void writeFiles(ObjectReader reader, List<TreeFile> files, Path target, Path targetGit)
      throws IOException {
    DirCache index = DirCache.lock(targetGit.resolve("index").toFile(), FS.DETECTED);
    try {
      DirCacheBuilder builder = index.builder();
      java.util.Set<String> links = new java.util.HashSet<>();
      for (TreeFile f : files) {
        refuseThroughLink(f.path(), links);
        Path file = target.resolve(f.path());
        Files.createDirectories(file.getParent());
        DirCacheEntry entry = new DirCacheEntry(f.path());
        entry.setFileMode(f.mode());
        entry.setObjectId(f.id());
        if (f.mode() == FileMode.GITLINK) {
          Files.createDirectories(file); // a submodule: an empty directory, as git clone leaves it
          builder.add(entry);
          continue;
        }
        if (f.mode() == FileMode.SYMLINK) {
          links.add(f.path());
          Files.createSymbolicLink(file, Path.of(new String(reader.open(f.id()).getCachedBytes(),
              StandardCharsets.UTF_8)));
        } else {
          try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            reader.open(f.id(), Constants.OBJ_BLOB).copyTo(out);
          }
          if (f.mode() == FileMode.EXECUTABLE_FILE) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
          }
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        entry.setLength(attributes.size());
        entry.setLastModified(attributes.lastModifiedTime().toInstant());
        builder.add(entry);
      }
      if (!builder.commit()) {
        throw new IOException("the index of " + target + " could not be written");
      }
    } finally {
      index.unlock();
    }
  }

  /**
   * Hardlinks every object file (copies it when the target is on another file system). git never
   * changes an object file in place, so sharing them cannot change the source repository.
   */
  private static void linkObjects(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
          throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith("tmp_") || name.startsWith("incoming-") || name.endsWith(".lock")) {
          return java.nio.file.FileVisitResult.CONTINUE; // another git process is writing these; not objects yet
        }
        Path copy = to.resolve(from.relativize(file).toString());
        try {
          Files.createLink(copy, file);
        } catch (FileSystemException e) {
          Files.copy(file, copy);
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  /** The source's branches as {@code origin/*} and its tags, as {@code git clone} leaves them. */
  private static String packedRefs(Repository from) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Ref ref : from.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      lines.add(ref.getObjectId().name() + " " + Constants.R_REMOTES + "origin/"
          + ref.getName().substring(Constants.R_HEADS.length()));
    }
    for (Ref ref : from.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
      if (ref.getObjectId() != null) {
        lines.add(ref.getObjectId().name() + " " + ref.getName());
      }
    }
    lines.sort(java.util.Comparator.comparing(line -> line.substring(line.indexOf(' ') + 1)));
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** The clone's configuration: the source as {@code origin}, the branch tracking it. */
  private static String config(Path source, String branch) {
    Config config = new Config();
    config.setInt("core", null, "repositoryformatversion", 0);
    config.setBoolean("core", null, "filemode", true);
    config.setBoolean("core", null, "bare", false);
    config.setBoolean("core", null, "logallrefupdates", true);
    config.setString("remote", "origin", "url", source.toString());
    config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
    if (branch != null) {
      config.setString("branch", branch, "remote", "origin");
      config.setString("branch", branch, "merge", Constants.R_HEADS + branch);
    }
    return config.toText();
  }

  /**
   * A crafted tree can name a symbolic link and a file below the same name; written in that order,
   * the file would land wherever the link points. git refuses such a path, and so does this.
   */
  private static void refuseThroughLink(String path, java.util.Set<String> links) throws IOException {
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (links.contains(path.substring(0, slash))) {
        throw new IOException("the tree's path " + path + " goes through the symbolic link " + path.substring(0, slash));
      }
    }
  }

  /** JGit's full checkout, which applies {@code .gitattributes}. */
  private static void checkoutWithAttributes(Path targetGit, ObjectId commit) throws IOException {
    try (Repository repository = new FileRepositoryBuilder().setGitDir(targetGit.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repository)) {
      DirCacheCheckout checkout = new DirCacheCheckout(repository, repository.lockDirCache(),
          walk.parseCommit(commit).getTree());
      checkout.setFailOnConflict(true);
      checkout.checkout();
    }
  }

  private static FileBasedConfig emptyConfig(Config parent, FS fs) {
    return new FileBasedConfig(parent, null, fs) {
      @Override
      public void load() {
        // nothing to read: see the class's static block
      }

      @Override
      public void save() {
        // nothing is kept between runs
      }

      @Override
      public boolean isOutdated() {
        return false;
      }
    };
  }
}
