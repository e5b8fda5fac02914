package dev.mergeloom.worker.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secrets at rest. Each value gets a fresh 96-bit nonce, and its slot (for
 * example {@code provider:vertex-ai:serviceAccountJson}) is bound as associated data, so a
 * ciphertext copied into another slot fails to decrypt instead of leaking into the wrong place.
 * Encoded as {@code v1:<base64(nonce || ciphertext+tag)>}.
 */
public final class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(SecretKey key) {
    this.key = key;
  }

  public String encrypt(String plaintext, String slot) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(slot.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /** @throws WrongKeyException when the value was sealed with another key or for another slot */
  public String decrypt(String encoded, String slot) {
    if (encoded == null || !encoded.startsWith(PREFIX)) {
      throw new WrongKeyException("stored secret for " + slot + " is not in the v1 format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(slot.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new WrongKeyException("stored secret for " + slot + " cannot be decrypted with this key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /** The key does not open what the store holds. */
  public static final class WrongKeyException extends RuntimeException {
    public WrongKeyException(String message) {
      super(message);
    }
  }
}
